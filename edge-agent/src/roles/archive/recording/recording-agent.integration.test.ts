import "../../../polyfills.js";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, parseTopic, type SegmentReady } from "@sitewatch/shared-protocol";
import { type AedesBroker, collectMessages, eventually, h264TestClip, startAedes } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, createAgent } from "../../../agent/create-agent.js";
import { validateAgentConfig } from "../../../agent-config/agent-config-file.js";
import { readAgentState } from "../../../agent-config/agent-state.js";
import { openDelivery } from "../../../delivery/delivery.js";
import { hasMedia } from "../../../media.test-support.js";
import type { Detector } from "../../../vision/detect/detector.js";
import type { RoleModule } from "../../role-module.js";
import { roleTable } from "../../role-table.js";
import { ARCHIVE_DIR } from "./archive-recording.js";

// The `record` option through the whole agent: any role's camera (here an attention camera with a
// stand-in analyser) is recorded beside its analysis, and every closed segment leaves as one
// segmentReady event on the camera's topic, through the outbox and MQTT like the role's own events.

const detector: Detector = { name: "none", labels: [], detect: async () => [], close: async () => {} };
let frames = 0;
const quietRole: RoleModule<typeof roleTable.attention.camera, "detector"> = {
  camera: roleTable.attention.camera,
  models: ["detector"],
  capture: (camera) => ({ intervalMs: camera.intervalMs }),
  create: () => ({
    analyse: async () => {
      frames += 1;
      return { events: [] };
    },
    snapshot: () => [],
    cameraDown: () => [],
    reconfigure: () => [],
    state: () => ({}),
  }),
};

let broker: AedesBroker;
let hub: MqttClient;
let dir: string;
let agent: Agent | undefined;

beforeAll(async () => {
  broker = await startAedes();
  hub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await hub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  dir = await mkdtemp(join(tmpdir(), "recording-agent-"));
});

afterAll(async () => {
  await agent?.stop().catch(() => undefined);
  await hub?.endAsync();
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMedia)("an agent recording a camera", () => {
  it("announces each closed segment once as segmentReady and keeps analysing", {
    timeout: 90_000,
  }, async () => {
    const received = collectMessages(hub);
    const dataDir = join(dir, "data");
    const config = validateAgentConfig({
      hub: { url: "http://127.0.0.1:9", mqttUrl: broker.url },
      device: { site: "lab", id: "edge-rec" },
      dataDir,
      cameras: [
        {
          id: "desk",
          name: "Desk",
          url: h264TestClip(),
          role: "attention",
          intervalMs: 1_000,
          record: { enabled: true, segmentSeconds: 10, maxGiB: 1 },
        },
        { id: "hall", name: "Hall", url: h264TestClip(), role: "attention", intervalMs: 1_000 },
      ],
    });
    agent = createAgent({
      config,
      dataDir,
      delivery: openDelivery({ dataDir, site: "lab", device: "edge-rec", mqtt: { url: broker.url } }),
      detector,
      roles: { ...roleTable, attention: quietRole },
      saveConfig: async () => undefined,
      log: () => {},
      healthEveryMs: 500,
      realtimeFiles: true,
    });
    agent.start();

    const segments = (): { camera: string; message: SegmentReady }[] =>
      received.messages.flatMap((m) => {
        const decoded = decodeMessage(m.topic, m.payload);
        const topic = parseTopic(m.topic);
        if (!decoded.ok || decoded.kind !== "segmentReady" || !topic.ok) return [];
        return [
          { camera: (topic.address as { camera: string }).camera, message: decoded.message as SegmentReady },
        ];
      });
    const archive = join(dataDir, ARCHIVE_DIR);
    const closedFiles = () => readdirSync(join(archive, "desk")).filter((f) => f.endsWith(".mp4"));
    // A segment is renamed into place a moment before its event reaches the broker, so wait until the
    // closed files and the announcements agree, with at least two of them.
    await eventually(
      "two closed segments, each announced",
      async () => {
        // Without a hub confirming, the agent may resend an event: the same id, which the hub drops.
        const names = [...new Set(segments().map((s) => `${s.message.segment}.mp4`))];
        const files = closedFiles();
        return names.length >= 2 && [...names].sort().join() === [...files].sort().join() ? true : undefined;
      },
      60_000,
    );
    // Only the camera with `record` on is recorded.
    expect(readdirSync(archive)).toEqual(["desk"]);
    const announced = segments();
    expect(announced.map((s) => s.camera)).toEqual(announced.map(() => "desk"));
    // Once each: a resend repeats the event's id, never a second event for the same segment.
    const ids = new Map<string, Set<string>>();
    for (const { message } of announced)
      ids.set(message.segment, (ids.get(message.segment) ?? new Set()).add(message.id));
    expect([...ids.values()].map((set) => set.size)).toEqual([...ids.values()].map(() => 1));
    for (const { message } of announced)
      expect(message).toMatchObject({
        uri: `device://desk/${message.segment}.mp4`,
        codec: "h264",
        container: "mp4",
      });
    expect(frames).toBeGreaterThan(10);
    const state = await eventually("the recording section of the state file", async () => {
      const s = await readAgentState(dataDir);
      return s && "recording" in s ? s : undefined;
    });
    expect(state).toMatchObject({ recording: { desk: { state: "recording", gaps: expect.any(Number) } } });
    received.stop();
  });
});
