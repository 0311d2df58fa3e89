import "../../../polyfills.js";
import { type LiveStart, liveStartSchema, uuidv7 } from "@sitewatch/shared-protocol";
import { eventually, h264TestClip } from "@sitewatch/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PacketTap } from "../../../capture/frame-source.js";
import { hasMedia } from "../../../media.test-support.js";
import { feedClip, probeBuffer } from "./hls-media.test-support.js";
import { HlsSegmenter } from "./hls-segmenter.js";
import { HubReceiver } from "./hub-receiver.test-support.js";
import { LiveHls } from "./live-hls.js";

/** A camera worker's packet side: the test hands packets to whatever is tapped. */
class FakeCamera {
  taps = new Set<PacketTap>();
  untapped = 0;
  tapPackets(tap: PacketTap): () => void {
    this.taps.add(tap);
    return () => {
      this.untapped += 1;
      if (this.taps.delete(tap)) tap.end();
    };
  }
  get tap(): PacketTap {
    const [tap] = this.taps;
    if (!tap) throw new Error("nothing tapped");
    return tap;
  }
  /**
   * Streams the clip to the tap as a camera connection; like a real camera's next GOP, the next one
   * comes only once the segment cut at the last keyframe is through (`handled` counts those).
   */
  play(maxPackets: number, handled: () => number): Promise<number> {
    const tap = this.tap;
    let cuts = -1; // the first keyframe opens the first segment, every later one cuts one
    return feedClip(tap, h264TestClip(), {
      maxPackets,
      pace: async () => {
        cuts += 1;
        if (tap instanceof HlsSegmenter) await tap.idle();
        await eventually("the segment through", () => handled() >= cuts, 10_000, 5);
      },
    });
  }
}

const liveStart = (fields: Partial<LiveStart>): LiveStart =>
  liveStartSchema.parse({ v: 1, id: uuidv7(), ts: Date.now(), camera: "cam-1", session: "s-1", ...fields });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasMedia)("LiveHls sessions", () => {
  let hub: HubReceiver;
  let camera: FakeCamera;
  let logs: string[];
  let live: LiveHls;

  beforeEach(async () => {
    hub = new HubReceiver();
    const url = await hub.start();
    camera = new FakeCamera();
    logs = [];
    live = new LiveHls({
      cameras: new Map([["cam-1", camera]]),
      hub: { url, username: "site-1.edge-1", password: "pw" },
      log: (message) => logs.push(message),
    });
  });
  /** Segments cut and dealt with: sent, dropped or failed (all of them once the session is over). */
  const handled = () => {
    const s = live.stats();
    return s.sessions === 0 ? Number.POSITIVE_INFINITY : s.segmentsSent + s.segmentsDropped + s.uploadsFailed;
  };

  afterEach(async () => {
    await live.close();
    await hub.stop();
  });

  it("streams the tapped camera to the hub as playable segments, renews, and stops on liveStop", async () => {
    expect(live.start(liveStart({ format: "hls", segmentMs: 1_000 }))).toMatchObject({
      session: "s-1",
      format: "hls",
      renewed: false,
    });
    expect(live.start(liveStart({ format: "hls", segmentMs: 1_000 }))).toMatchObject({ renewed: true });
    expect(camera.taps.size).toBe(1);
    await camera.play(100, handled);
    await eventually("the last segment sent", () => live.stats().segmentsSent === 5, 10_000, 10);
    expect(hub.requests.map((r) => r.path)).toEqual(
      [0, 1, 2, 3, 4].map((seq) => `/api/v1/live-hls/s-1/${seq}`),
    );
    const first = hub.requests[0];
    expect(first?.query.get("durationMs")).toBe("2000");
    // The bytes as they crossed the wire play by themselves.
    expect(probeBuffer(first?.body ?? Buffer.alloc(0))).toMatchObject({ frames: 20, errors: "" });
    expect(live.stats()).toMatchObject({
      sessions: 1,
      sessionsStarted: 1,
      segmentsSent: 5,
      segmentsDropped: 0,
    });
    expect(live.stop({ v: 1, id: uuidv7(), ts: Date.now(), camera: "cam-1", session: "s-1" })).toEqual({
      session: "s-1",
      stopped: true,
    });
    expect(camera.taps.size).toBe(0);
    expect(live.stats().sessions).toBe(0);
  });

  it("ends the session when the hub answers 404: untapped, nothing more sent", async () => {
    hub.answer = (r) => ({ status: r.path.endsWith("/1") ? 404 : 204 });
    live.start(liveStart({ format: "hls", segmentMs: 1_000 }));
    const tap = camera.tap;
    await camera.play(100, handled);
    await eventually("the session ended", () => live.stats().sessions === 0, 10_000, 10);
    expect(hub.requests.map((r) => r.path.split("/").at(-1))).toEqual(["0", "1"]);
    expect(camera.taps.size).toBe(0);
    expect(live.stats().sessions).toBe(0);
    expect(logs.some((l) => l.startsWith("live session s-1 of camera cam-1 ended"))).toBe(true);
    // Packets a camera still hands to the old tap go nowhere.
    await feedClip(tap, h264TestClip(), { maxPackets: 60 });
    await sleep(100);
    expect(hub.requests).toHaveLength(2);
  });

  it("ends a session whose TTL runs out without a renewal", async () => {
    const started = Date.now();
    live.start(liveStart({ format: "hls", ttlMs: 1_500 }));
    expect(camera.taps.size).toBe(1);
    await sleep(700);
    live.start(liveStart({ format: "hls", ttlMs: 1_500 })); // renewed: another 1.5 s from now
    await sleep(1_100);
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(live.stats().sessions).toBe(1);
    await sleep(1_000);
    expect(live.stats().sessions).toBe(0);
    expect(camera.untapped).toBe(1);
  });

  it("refuses a camera that is not running, and runs nothing without the device's credentials", () => {
    expect(() => live.start(liveStart({ format: "hls", camera: "cam-9" }))).toThrow(
      "no running camera cam-9 (running: cam-1)",
    );
    const offline = new LiveHls({
      cameras: new Map([["cam-1", camera]]),
      hub: undefined,
      log: () => undefined,
    });
    expect(() => offline.start(liveStart({ format: "hls" }))).toThrow(/hub credentials/);
    expect(camera.taps.size).toBe(0);
  });

  it("re-attaches its sessions to a camera's new worker", async () => {
    const cameras = new Map([["cam-1", camera]]);
    const nowhere = { url: "http://127.0.0.1:9", username: "u", password: "p" };
    const moving = new LiveHls({ cameras, hub: nowhere, log: () => undefined });
    moving.start(liveStart({ format: "hls" }));
    const rebuilt = new FakeCamera();
    cameras.set("cam-1", rebuilt);
    moving.apply("cam-1");
    expect([camera.taps.size, camera.untapped, rebuilt.taps.size]).toEqual([0, 1, 1]);
    await moving.close();
    expect(rebuilt.taps.size).toBe(0);
  });
});
