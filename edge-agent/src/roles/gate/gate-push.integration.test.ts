import "../../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, encodeMessage, type GateEntry, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import { type AedesBroker, eventually, startAedes } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, createAgent } from "../../agent/create-agent.js";
import { validateAgentConfig } from "../../agent-config/agent-config-file.js";
import type { AgentConfig } from "../../agent-config/agent-config-schema.js";
import { openDelivery } from "../../delivery/delivery.js";
import { hasMedia, media } from "../../media.test-support.js";
import type { Detector } from "../../vision/detect/detector.js";
import type { Ocr } from "../../vision/ocr/ocr.js";
import { roleTable } from "../role-table.js";
import type { GateAnalyzer } from "./gate-analyzer.js";
import { createGateRole } from "./gate-role.js";

// A hub pushes new gate settings to an agent whose gate camera is running: the zone reaches the
// camera's analyser while it runs. The detector always sees a truck on the left of the picture (real
// decoded video, fake detector): tracked under the file's whole-picture zone, out of the pushed
// right-half zone, so its track ends and leaves as a gate entry.
const address = { site: "port", device: "edge-gate-push" };
const calls = { detect: 0 };
const detector: Detector = {
  name: "left truck",
  labels: ["truck"],
  detect: async () => {
    calls.detect += 1;
    // vtest.avi is 768×576: the box's centre is at (0.18, 0.52).
    return [{ label: "truck", classId: 0, score: 0.9, box: [40, 200, 240, 400] }];
  },
  close: async () => {},
};
const ocr = { close: async () => {} } as unknown as Ocr;
const analysers: GateAnalyzer[] = [];
const base = createGateRole({ reader: () => ({ read: async () => [] }) });
const gate: typeof base = {
  ...base,
  create: (camera, ctx) => {
    const analyser = base.create(camera, ctx);
    analysers.push(analyser as GateAnalyzer);
    return analyser;
  },
};
const rightHalf = [
  [0.5, 0],
  [1, 0],
  [1, 1],
  [0.5, 1],
];

let broker: AedesBroker;
let hub: MqttClient;
let dir: string;
let agent: Agent | undefined;
const entries: GateEntry[] = [];
const acks: { command: string; status: string }[] = [];
const saved: AgentConfig[] = [];

beforeAll(async () => {
  broker = await startAedes();
  hub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await hub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  hub.on("message", (topic, payload) => {
    const d = decodeMessage(topic, payload);
    if (d.ok && d.kind === "gateEntry") entries.push(d.message as GateEntry);
    if (d.ok && d.kind === "commandAck") acks.push(d.message as (typeof acks)[number]);
  });
  dir = await mkdtemp(join(tmpdir(), "gate-push-"));
});

afterAll(async () => {
  await agent?.stop();
  await hub?.endAsync();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

const tracks = () => (analysers.at(-1)?.state().gate.tracks ?? []) as { hits: number }[];

describe.skipIf(!hasMedia)("gate settings pushed to a running agent", () => {
  it("reach the running camera's analyser: a truck out of the new zone is no longer tracked", {
    timeout: 60_000,
  }, async () => {
    const config = validateAgentConfig({
      hub: { url: "http://127.0.0.1:9", mqttUrl: broker.url },
      device: { site: address.site, id: address.device },
      dataDir: join(dir, "data"),
      cameras: [
        {
          id: "lane",
          name: "Lane",
          url: media("vtest.avi"),
          role: "gate",
          intervalMs: 200,
          motion: { enabled: false },
        },
      ],
    });
    agent = createAgent({
      config,
      dataDir: config.dataDir,
      delivery: openDelivery({ dataDir: config.dataDir, ...address, mqtt: { url: broker.url } }),
      detector,
      ocr,
      roles: { ...roleTable, gate },
      saveConfig: async (next) => void saved.push(next),
      log: () => undefined,
      realtimeFiles: true,
    });
    agent.start();
    await eventually("the truck tracked long enough to count", () => (tracks()[0]?.hits ?? 0) >= 3, 20_000);
    expect(entries).toEqual([]);

    const id = uuidv7();
    const gateSettings = { zone: rightHalf, motion: { enabled: false } };
    const cameras = [{ camera: "lane", role: "gate", sampleIntervalMs: 200, gate: gateSettings }];
    const push = encodeMessage("configPush", { v: 1, id, ts: Date.now(), revision: 1, cameras } as never);
    await hub.publishAsync(topicFor("configPush", address), push, { qos: 1 });
    await eventually("the push's final ack", () =>
      acks.find((a) => a.command === id && a.status !== "accepted"),
    );
    expect(acks.find((a) => a.command === id && a.status !== "accepted")?.status).toBe("completed");
    expect(saved.at(-1)?.cameras[0]).toMatchObject({ zone: rightHalf });

    // The same analyser, reconfigured: its truck left the zone and its passage became an entry.
    const entry = await eventually("the entry of the truck's passage", () => entries[0], 20_000);
    expect(entry).toMatchObject({ vehicleClass: "truck", passage: expect.any(String) });
    expect(analysers).toHaveLength(1);
    const after = calls.detect;
    await eventually("three more frames analysed", () => calls.detect >= after + 3, 10_000);
    expect(tracks()).toEqual([]);
    expect(entries).toHaveLength(1);
  });
});
