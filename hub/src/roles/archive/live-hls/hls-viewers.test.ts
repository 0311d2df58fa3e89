import { describe, expect, it } from "vitest";
import type { CommandService } from "../../../commands/command-types.js";
import { ApiError } from "../../../errors/api-error.js";
import { createLogger } from "../../../observability/logger.js";
import { HlsViewers } from "./hls-viewers.js";
import { LiveHlsStore } from "./live-hls-store.js";

const cam = { site: "s1", device: "d1", camera: "c1" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A command service that records what it is asked and answers as told, without MQTT. */
function recordingCommands(
  answer: () => Promise<{ status: "accepted" | "failed" }> = async () => ({ status: "accepted" }),
) {
  const sent: { kind: string; body: Record<string, unknown> }[] = [];
  const commands = {
    send: async (kind: string, _target: unknown, body: Record<string, unknown>) => {
      sent.push({ kind, body });
      const outcome = await answer();
      return {
        id: "c",
        ...outcome,
        ...(outcome.status === "failed" ? { error: { code: "X", message: "no camera" } } : {}),
      };
    },
  } as unknown as Pick<CommandService, "send">;
  return { sent, commands };
}

function viewersWith(commands: Pick<CommandService, "send">, store = new LiveHlsStore()) {
  return new HlsViewers({ commands, store, logger: createLogger("silent"), idleMs: 80, renewMs: 1_000 });
}

describe("HlsViewers", () => {
  it("starts one HLS session per camera and stops it once no request came for idleMs", async () => {
    const { sent, commands } = recordingCommands();
    const viewers = viewersWith(commands);
    const one = viewers.watch(cam);
    const two = viewers.watch(cam);
    expect(two.session).toBe(one.session);
    one.release();
    two.release();
    await sleep(20);
    expect(sent).toEqual([
      {
        kind: "liveStart",
        body: expect.objectContaining({
          session: one.session,
          format: "hls",
          segmentMs: 1000,
          ttlMs: 15_000,
        }),
      },
    ]);
    await expect
      .poll(() => sent.at(-1))
      .toEqual({ kind: "liveStop", body: { camera: "c1", session: one.session } });
    expect(viewers.size).toBe(0);
    expect(viewers.watch(cam).session).not.toBe(one.session);
    viewers.close();
  });

  it("keeps a session while a request still waits, however long", async () => {
    const { sent, commands } = recordingCommands();
    const viewers = viewersWith(commands);
    const waiting = viewers.watch(cam);
    await sleep(250);
    expect(sent.some((c) => c.kind === "liveStop")).toBe(false);
    waiting.release();
    await expect.poll(() => sent.some((c) => c.kind === "liveStop")).toBe(true);
    viewers.close();
  });

  it("tells waiting viewers when the device refuses or cannot be reached", async () => {
    const store = new LiveHlsStore();
    const refusing = viewersWith(recordingCommands(async () => ({ status: "failed" })).commands, store);
    const a = refusing.watch(cam);
    expect(await store.waitForSegment(a.session, 1_000)).toMatchObject({
      code: "COMMAND_FAILED",
      message: "no camera",
    });
    refusing.close();

    const offline = viewersWith(
      recordingCommands(() => Promise.reject(new ApiError("DEVICE_OFFLINE", "device d1 is offline")))
        .commands,
      store,
    );
    const b = offline.watch(cam);
    expect(await store.waitForSegment(b.session, 1_000)).toMatchObject({ code: "DEVICE_OFFLINE" });
    offline.close();
  });

  it("bounds the cameras watched at once", () => {
    const viewers = new HlsViewers({
      commands: recordingCommands().commands,
      store: new LiveHlsStore(),
      logger: createLogger("silent"),
      maxSessions: 1,
    });
    viewers.watch(cam);
    expect(() => viewers.watch({ ...cam, camera: "c2" })).toThrow(
      expect.objectContaining({ code: "RATE_LIMITED" }),
    );
    viewers.close();
  });
});
