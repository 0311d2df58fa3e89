import "../../../polyfills.js";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandAck,
  type CommandKind,
  decodeMessage,
  encodeMessage,
  type SegmentReady,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
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
import { ARCHIVE_DIR } from "../recording/archive-recording.js";
import { probeBuffer } from "./hls-media.test-support.js";
import { HubReceiver } from "./hub-receiver.test-support.js";
import type { LiveHlsStats } from "./live-hls.js";

// The whole agent: commands over MQTT as the hub sends them, video over HTTP to a loopback hub with the
// device's credentials. One camera is recorded and streamed live at once.

const address = { site: "lab", device: "edge-hls" };
const AUTH = `Basic ${Buffer.from("lab.edge-hls:pw").toString("base64")}`;
const detector: Detector = { name: "none", labels: [], detect: async () => [], close: async () => {} };
/** Any role will do: live video and recording are the camera's, whatever its analysis. */
const quietRole: RoleModule<typeof roleTable.attention.camera, "detector"> = {
  camera: roleTable.attention.camera,
  models: ["detector"],
  capture: (camera) => ({ intervalMs: camera.intervalMs }),
  create: () => ({
    analyse: async () => ({ events: [] }),
    snapshot: () => [],
    cameraDown: () => [],
    reconfigure: () => [],
    state: () => ({}),
  }),
};

let broker: AedesBroker;
let mqttHub: MqttClient;
let receiver: HubReceiver;
let dir: string;
let agent: Agent | undefined;

beforeAll(async () => {
  broker = await startAedes();
  mqttHub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await mqttHub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  receiver = new HubReceiver();
  dir = await mkdtemp(join(tmpdir(), "live-hls-agent-"));
});
afterAll(async () => {
  await agent?.stop().catch(() => undefined);
  await mqttHub?.endAsync();
  await broker?.stop();
  await receiver?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMedia)("an agent asked for live HLS and for an archived segment", () => {
  it("uploads live segments until liveStop, and one recorded segment on request", {
    timeout: 90_000,
  }, async () => {
    const received = collectMessages(mqttHub);
    const hubUrl = await receiver.start();
    const dataDir = join(dir, "data");
    const config = validateAgentConfig({
      hub: { url: hubUrl, mqttUrl: broker.url },
      device: { site: address.site, id: address.device },
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
      ],
    });
    agent = createAgent({
      config,
      dataDir,
      detector,
      roles: { ...roleTable, attention: quietRole },
      delivery: openDelivery({ dataDir, ...address, mqtt: { url: broker.url } }),
      credentials: { username: "lab.edge-hls", password: "pw" },
      saveConfig: async () => undefined,
      log: () => {},
      healthEveryMs: 300,
      realtimeFiles: true,
    });
    agent.start();
    const messages = (kind: string) =>
      received.messages.flatMap((m) => {
        const decoded = decodeMessage(m.topic, m.payload);
        return decoded.ok && decoded.kind === kind ? [decoded.message] : [];
      });
    async function command<K extends CommandKind>(kind: K, fields: Record<string, unknown>) {
      const id = uuidv7();
      const payload = encodeMessage(kind, { v: 1, id, ts: Date.now(), ...fields } as never);
      await mqttHub.publishAsync(topicFor(kind, address as never), payload, { qos: 1 });
      return eventually(`the ${kind} ack`, () =>
        (messages("commandAck") as CommandAck[]).find((a) => a.command === id && a.status !== "accepted"),
      );
    }
    const live = () => receiver.requests.filter((r) => r.path.startsWith("/api/v1/live-hls/"));

    await eventually("a closed recorded segment", () => messages("segmentReady")[0] as SegmentReady, 30_000);
    expect(live()).toEqual([]); // nothing is sent while nobody watches
    const start = { camera: "desk", session: "sess-a", format: "hls", segmentMs: 1_000, ttlMs: 30_000 };
    expect(await command("liveStart", start)).toMatchObject({
      status: "completed",
      result: { format: "hls" },
    });
    await eventually("three live segments", () => live().length >= 3, 30_000);
    for (const [seq, r] of live().slice(0, 3).entries()) {
      expect(r).toMatchObject({ method: "PUT", path: `/api/v1/live-hls/sess-a/${seq}` });
      expect(r.headers.authorization).toBe(AUTH);
      const seen = probeBuffer(r.body);
      expect([seen.errors, seen.firstFlags[0], seen.frames]).toEqual(["", "K", 20]);
    }

    const segment = messages("segmentReady")[0] as SegmentReady;
    const upload = { camera: "desk", segment: segment.segment, upload: "upload-0123456789abcdef" };
    expect(await command("segmentUpload", upload)).toMatchObject({
      status: "completed",
      result: { camera: "desk", segment: segment.segment, bytes: segment.bytes },
    });
    const file = readFileSync(join(dataDir, ARCHIVE_DIR, "desk", `${segment.segment}.mp4`));
    const put = await eventually("the segment upload", () =>
      receiver.requests.find((r) => r.path === "/api/v1/segment-uploads/upload-0123456789abcdef"),
    );
    expect(put.body.equals(file)).toBe(true);

    expect(await command("liveStop", { camera: "desk", session: "sess-a" })).toMatchObject({
      status: "completed",
      result: { stopped: true },
    });
    // A request already on its way when the session stopped may still land; none may start after.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stoppedWith = live().length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(live().length).toBe(stoppedWith);
    const state = await eventually("the state file's live sections", async () => {
      const s = (await readAgentState(dataDir)) as { liveHls?: LiveHlsStats } | undefined;
      return s?.liveHls?.sessions === 0 ? { ...s, liveHls: s.liveHls } : undefined;
    });
    expect(state).toMatchObject({
      liveHls: { sessionsStarted: 1, segmentsDropped: 0, uploadsFailed: 0 },
      segmentUploads: { uploaded: 1, failed: 0, bytesSent: file.length },
    });
    // The one in flight at liveStop may have reached the loopback hub before it was aborted.
    const sent = state.liveHls.segmentsSent;
    expect(sent).toBeGreaterThanOrEqual(Math.max(3, stoppedWith - 1));
    expect(sent).toBeLessThanOrEqual(stoppedWith);
    received.stop();
  });
});
