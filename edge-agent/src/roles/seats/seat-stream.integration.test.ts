import "../../polyfills.js";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AedesBroker, collectMessages, eventually, startAedes } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, createAgent } from "../../agent/create-agent.js";
import { validateAgentConfig } from "../../agent-config/agent-config-file.js";
import { openDelivery } from "../../delivery/delivery.js";
import { startTcpRelay, type TcpRelay } from "../../delivery/tcp-relay.test-support.js";
import { hasMedia, media } from "../../media.test-support.js";
import { createDetector } from "../../vision/detect/create-detector.js";
import { rebuild, seatStream, viewOf } from "./seat-stream.test-support.js";

// The seats role's MQTT stream as a subscriber sees it, on real video (vtest.avi, people crossing a
// plaza) through a real broker: every seat change arrives once, the retained seatSnapshot is a checkpoint
// rather than a copy sent after every change, each checkpoint agrees with the changes before it, and a
// subscriber that joins while the device is away rebuilds every seat from the checkpoint the device
// sends on reconnecting plus the changes after it (docs/protocol.md, "Seat state").
const SEATS_TOPIC = "sitewatch/v1/lab/edge-seats/cam/walkway/seats/#";
// The demo site's walkway seats and analysis settings, where someone passes every few seconds.
const demo = JSON.parse(
  readFileSync(new URL("../../../../deploy/demo/demo-site.json", import.meta.url), "utf8"),
) as {
  analysis: Record<string, number>;
  motion: Record<string, unknown>;
  seats: { id: string; polygon: [number, number][] }[];
};

let broker: AedesBroker;
let relay: TcpRelay;
let dir: string;
const clients: MqttClient[] = [];
let agent: Agent | undefined;

async function subscriber(): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  broker = await startAedes();
  relay = await startTcpRelay(broker.port);
  dir = await mkdtemp(join(tmpdir(), "seat-stream-"));
});

afterAll(async () => {
  await agent?.stop();
  for (const c of clients) await c.endAsync();
  await relay?.stop();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMedia)("the seat stream a subscriber receives", () => {
  it("sends each change once, checkpoints agree with the changes, a late subscriber catches up", {
    timeout: 120_000,
  }, async () => {
    const watcher = await subscriber();
    const all = collectMessages(watcher);
    await watcher.subscribeAsync(SEATS_TOPIC, { qos: 1 });
    const dataDir = join(dir, "data");
    const config = validateAgentConfig({
      hub: { url: "http://127.0.0.1:9", mqttUrl: relay.url },
      device: { site: "lab", id: "edge-seats" },
      dataDir,
      cameras: [
        {
          id: "walkway",
          name: "Walkway",
          url: media("vtest.avi"),
          intervalMs: 500,
          seats: demo.seats.map((s) => ({ seat: s.id, polygon: s.polygon })),
          analysis: demo.analysis,
          motion: demo.motion,
        },
      ],
    });
    agent = createAgent({
      config,
      dataDir,
      delivery: openDelivery({ dataDir, site: "lab", device: "edge-seats", mqtt: { url: relay.url } }),
      detector: await createDetector({ threads: 1 }),
      saveConfig: async () => undefined,
      log: () => {},
      healthEveryMs: 60_000,
      realtimeFiles: true,
    });
    agent.start();
    await eventually("12 seat changes", async () => seatStream(all.messages).changes.length >= 12, 90_000);

    // The device goes away; someone subscribes meanwhile and gets the retained checkpoint at once.
    await relay.cut();
    const late = await subscriber();
    const joined = collectMessages(late);
    await late.subscribeAsync(SEATS_TOPIC, { qos: 1 });
    await eventually("the retained checkpoint", async () => seatStream(joined.messages).checkpoints[0]);
    await new Promise((r) => setTimeout(r, 3_000));
    const restoredAt = Date.now();
    await relay.restore();
    const resumed = await eventually(
      "the checkpoint sent on reconnecting, and a change after it",
      async () => {
        const s = seatStream(joined.messages);
        const fresh = s.checkpoints.find((c) => !c.retained);
        return fresh && s.changes.some((c) => c.seq > fresh.seq) ? { ...s, fresh } : undefined;
      },
    );

    const stream = seatStream(all.messages);
    const { changes, checkpoints } = stream;
    const perChange = (changes.length + checkpoints.length) / changes.length;
    const bytes = all.messages.reduce((n, m) => n + m.payload.byteLength, 0);
    console.log(
      `[seat-stream] ${changes.length} seatChange, ${checkpoints.length} seatSnapshot, ` +
        `${stream.duplicates} duplicates: ${perChange.toFixed(2)} MQTT messages per seat change, ` +
        `${Math.round(bytes / changes.length)} bytes per seat change`,
    );
    // Checkpoints at start, when every seat first became known, and on reconnecting, but not per change.
    expect(checkpoints.length).toBeLessThanOrEqual(3);
    expect(checkpoints.some((c) => c.ts >= restoredAt)).toBe(true);
    // The first checkpoint (start) knows nothing yet; every later one is that plus the changes before it.
    const [first] = checkpoints;
    if (!first) throw new Error("no checkpoint");
    expect(Object.values(viewOf(first)).every((s) => s.startsWith("unknown@"))).toBe(true);
    for (const c of checkpoints) expect(viewOf(c)).toEqual(rebuild(first, changes, c.seq));
    // The late subscriber: its newest checkpoint plus the changes after it is what the watcher knows.
    const upTo = Math.max(...resumed.changes.map((c) => c.seq));
    await eventually("the watcher got as far", async () =>
      seatStream(all.messages).changes.some((c) => c.seq === upTo),
    );
    const everything = seatStream(all.messages).changes;
    expect(rebuild(resumed.fresh, resumed.changes, upTo)).toEqual(rebuild(first, everything, upTo));
    // Each change once per seat, in device order: no seat repeats a state it is already in.
    const last = new Map<string, string>();
    for (const c of everything) {
      expect(c.from).toBe(last.get(c.seat) ?? c.from);
      last.set(c.seat, c.to);
    }
    all.stop();
    joined.stop();
  });
});
