import "../../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, type MessageKind, type MessageOf } from "@sitewatch/shared-protocol";
import {
  type AedesBroker,
  eventually,
  type GateClip,
  gateMediaUnavailableReason,
  makeGateClip,
  type RtspServer,
  rtspUnavailableReason,
  startAedes,
  startRtspServer,
} from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, createAgent } from "../../agent/create-agent.js";
import { validateAgentConfig } from "../../agent-config/agent-config-file.js";
import { openDelivery } from "../../delivery/delivery.js";
import { type SettlingHub, settleOnReceipt } from "../../delivery/settling-hub.test-support.js";
import { modelsFor } from "../role-table.js";
import { closeSharedModels, loadSharedModels, type SharedModels } from "../shared-models.js";

// The gate role end to end: the real gate clip (five trucks, one container code each) from a looping
// RTSP camera, the real detector and OCR, a real agent publishing to a broker. Each passage should
// leave as a gate entry with its container's valid code, followed by the entry's crop, while
// gateActivity tells what the pipeline is doing.
const unavailable = gateMediaUnavailableReason() ?? rtspUnavailableReason();
if (unavailable) console.warn(`gate agent test skipped: ${unavailable}`);

type Received<K extends MessageKind> = { kind: K; message: MessageOf<K>; index: number };

let broker: AedesBroker;
let settling: SettlingHub | undefined;
let hub: MqttClient;
let camera: RtspServer;
let clip: GateClip;
let models: Partial<SharedModels> = {};
let agent: Agent | undefined;
let dir: string;
/** When the camera's feeder started playing the clip (its loop 0 starts here, give or take 0.2 s). */
let clipStart = 0;
const received: { kind: MessageKind; message: unknown }[] = [];

const config = () =>
  validateAgentConfig({
    hub: { url: "http://127.0.0.1:9", mqttUrl: broker.url },
    device: { site: "port", id: "edge-gate" },
    dataDir: join(dir, "data"),
    // A street-scene detector gives a container filling the picture low scores, under several names.
    detector: { threads: 2, scoreThreshold: 0.1 },
    cameras: [
      {
        id: "lane",
        name: "Lane",
        url: camera.url("/gate"),
        role: "gate",
        intervalMs: 1_000,
        vehicleClasses: ["truck", "bus", "train", "suitcase"],
      },
    ],
  });

beforeAll(async () => {
  if (unavailable) return;
  dir = await mkdtemp(join(tmpdir(), "gate-agent-"));
  broker = await startAedes();
  hub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await hub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  // Plays the hub's `settled` confirmations, or the agent would resend what it never heard was stored.
  settling = settleOnReceipt(hub);
  hub.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok) received.push({ kind: decoded.kind, message: decoded.message });
  });
  clip = makeGateClip();
  camera = await startRtspServer({ clip: clip.path, path: "/gate", loop: true });
  clipStart = Date.now();
}, 300_000);

afterAll(async () => {
  // The agent closes the models it was given.
  await (agent ? agent.stop() : closeSharedModels(models));
  await camera?.stop();
  settling?.stop();
  await hub?.endAsync();
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function all<K extends MessageKind>(kind: K): Received<K>[] {
  return received.flatMap((r, index) =>
    r.kind === kind ? [{ kind, message: r.message as MessageOf<K>, index }] : [],
  );
}

const codeOf = (entry: MessageOf<"gateEntry">) => {
  const c = entry.container;
  return c?.checkDigitValid ? `${c.ownerCode}${c.category}${c.serial}${c.checkDigit}` : undefined;
};

/** The passage on screen at wall time `at`, which loop of the clip it was in, and when it ended. */
function passageAt(at: number) {
  const clipS = (at - clipStart) / 1000;
  const loop = Math.floor(clipS / clip.timeline.durationS);
  const t = clipS - loop * clip.timeline.durationS;
  const index = clip.timeline.passages.findIndex((p) => t >= p.fromS - 0.5 && t <= p.toS + 0.5);
  const passage = clip.timeline.passages[index];
  const endsAt = clipStart + (loop * clip.timeline.durationS + (passage?.toS ?? 0)) * 1000;
  return { index, passage, endsAt };
}

describe.skipIf(unavailable !== undefined)("a gate camera on the real gate clip", () => {
  it("reports each truck's container code with its crop, and what the pipeline does", {
    timeout: 240_000,
  }, async () => {
    const settings = config();
    const needed = modelsFor(settings.cameras);
    expect(needed).toEqual(["detector", "ocr"]);
    models = await loadSharedModels(needed, settings);
    const log: string[] = [];
    agent = createAgent({
      config: settings,
      dataDir: settings.dataDir,
      delivery: openDelivery({
        dataDir: settings.dataDir,
        site: "port",
        device: "edge-gate",
        mqtt: { url: broker.url },
      }),
      ...models,
      saveConfig: async () => undefined,
      log: (line) => log.push(line),
    });
    agent.start();
    expect([...agent.cameras.keys()]).toEqual(["lane"]);

    // Every passage once, whole, after the camera streamed: the first may have been missed while
    // connecting, so the clip runs until the first passage came round again.
    const { durationS, passages } = clip.timeline;
    const until = clipStart + (durationS + (passages[0]?.toS ?? 0) + 10) * 1000;
    const seen = () =>
      new Set(all("gateEntry").flatMap((e) => (codeOf(e.message) ? [passageAt(e.message.at).index] : [])));
    await eventually(
      "an entry with a valid code for every passage",
      () => seen().size === passages.length || Date.now() > until,
      until - Date.now() + 20_000,
      1_000,
    );

    const entries = all("gateEntry");
    const crops = all("gateCrop");
    const report = entries.map((e) => {
      const { index, passage, endsAt } = passageAt(e.message.at);
      const code = codeOf(e.message);
      return {
        passage: index,
        code,
        raw: e.message.rawText,
        right: passage?.codes.includes(code ?? "") ?? false,
        ms: e.message.ts - endsAt,
      };
    });
    console.log(
      `gate entries (passage, valid code, raw text, passage end → entry ms):\n${report.map((r) => `  ${r.passage} ${r.code ?? "-"} "${r.raw}" ${r.ms}`).join("\n")}`,
    );

    const right = new Set(report.filter((r) => r.code && r.right).map((r) => r.passage));
    expect(right.size, "passages with their right valid code").toBeGreaterThanOrEqual(4);
    expect(
      report.filter((r) => r.code && !r.right),
      "wrong valid codes",
    ).toEqual([]);
    // One entry per container: a passage whose code was read has no second entry (no empty fragments,
    // no second copy of its code).
    const extra = report.filter((r) => right.has(r.passage) && !(r.code && r.right));
    expect(extra, "entries beside a passage's right code").toEqual([]);
    const copies = report.filter((r) => r.code).map((r) => `${r.passage}:${r.code}`);
    expect(new Set(copies).size, "the same code entered twice for one passage").toBe(copies.length);

    // Each entry is followed by its crop, a JPEG of the size it claims, before the next entry.
    for (const [i, entry] of entries.entries()) {
      const crop = crops.find((c) => c.message.entry === entry.message.id);
      expect(crop, `crop of entry ${entry.message.id}`).toBeDefined();
      expect(crop?.index).toBeGreaterThan(entry.index);
      expect(crop?.index).toBeLessThan(entries[i + 1]?.index ?? Number.POSITIVE_INFINITY);
      const meta = await sharp(Buffer.from(crop?.message.jpeg ?? "", "base64")).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([
        "jpeg",
        crop?.message.width,
        crop?.message.height,
      ]);
    }

    const activity = new Set(all("gateActivity").map((a) => a.message.event));
    for (const event of [
      "processing-started",
      "detected",
      "capture-attempt",
      "ocr-result",
      "processing-stopped",
    ])
      expect(activity, event).toContain(event);
    expect(log.filter((l) => /not analysed|role events lost/.test(l))).toEqual([]);
  });
});
