import "../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, type Snapshot, uuidv7 } from "@sitewatch/shared-protocol";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { validateAgentConfig } from "../agent-config/agent-config-file.js";
import { readAgentState } from "../agent-config/agent-state.js";
import { type Delivery, openDelivery } from "../delivery/delivery.js";
import { hasMedia, media } from "../media.test-support.js";
import { createDetector } from "../vision/detect/create-detector.js";
import { type Agent, createAgent } from "./create-agent.js";

// The agent as `run` wires it, without a broker (everything stays in the outbox): a video file is the
// camera, the hub's snapshot command is handed to the dispatcher directly, and the answer, the acks and
// the seats in the state file are read back from disk.
let dir: string | undefined;
let agent: Agent | undefined;

afterAll(async () => {
  await agent?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const decodedOutbox = (delivery: Delivery) =>
  delivery.outbox.peek(10_000).map((r) => {
    const d = decodeMessage(r.topic, r.payload);
    if (!d.ok) throw new Error(d.error.message);
    return d;
  });

describe.skipIf(!hasMedia)("snapshot command in a running agent", () => {
  it("answers with a blurred JPEG of the latest frame and acks; seats reach the state file", {
    timeout: 120_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), "agent-snapshot-"));
    const dataDir = join(dir, "data");
    const square: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const config = validateAgentConfig({
      hub: { url: "http://127.0.0.1:1", mqttUrl: "mqtt://127.0.0.1:1" },
      device: { site: "plaza", id: "edge-snap" },
      cameras: [
        {
          id: "cam",
          name: "Plaza",
          url: media("vtest.avi"),
          intervalMs: 1_000,
          seats: [{ seat: "1A", polygon: square }],
        },
      ],
    });
    const delivery = openDelivery({
      dataDir,
      site: "plaza",
      device: "edge-snap",
      mqtt: { url: "mqtt://127.0.0.1:1", username: "plaza.edge-snap", password: "x" },
    });
    agent = createAgent({
      config,
      dataDir,
      detector: await createDetector({ threads: 1 }),
      delivery,
      saveConfig: async () => {},
      log: () => {},
      healthEveryMs: 300,
      realtimeFiles: true,
    });
    agent.start();
    const worker = agent.cameras.get("cam");
    await until("a first frame", () => worker?.latestFrame);

    const id = uuidv7();
    const command = { v: 1, id, ts: Date.now(), camera: "cam", maxWidth: 320 };
    await delivery.commands.handle(
      "sitewatch/v1/plaza/edge-snap/cmd/snapshot",
      Buffer.from(JSON.stringify(command)),
    );
    const out = decodedOutbox(delivery);
    const snap = out.find((d) => d.kind === "snapshot")?.message as Snapshot | undefined;
    expect(snap).toMatchObject({ command: id, width: 320, facesBlurred: true });
    const meta = await sharp(Buffer.from(snap?.jpeg ?? "", "base64")).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 320, snap?.height]);
    const acks = out
      .filter((d) => d.kind === "commandAck")
      .map((d) => d.message as { status: string; result?: object });
    expect(acks.map((a) => a.status)).toEqual(["accepted", "completed"]);
    expect(acks[1]?.result).toMatchObject({ width: 320, facesBlurred: true, snapshot: snap?.id });

    const state = await until("seats in the state file", async () => {
      const s = await readAgentState(dataDir);
      return s && "seats" in s && s.seats ? s : undefined;
    });
    expect(state.seats).toMatchObject({ cam: [{ seat: "1A" }] });
  });
});
