import {
  type CommandAck,
  configPushSchema,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  topicFilter,
  topics,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { startAedes, useService } from "@sitewatch/testkit";
import { and, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCommandService, type MqttCommandService } from "../../commands/command-service.js";
import { type Database, openDatabase } from "../../db/client.js";
import { cameras, devices } from "../../db/schema/index.js";
import { createLogger } from "../../observability/logger.js";
import { createMetrics } from "../../observability/metrics.js";
import { seedSite, startTestHub, type TestHub } from "../http.test-support.js";

// Gate camera settings over REST: validated with the protocol's schema, stored on the camera, returned
// by GET and carried by the configPush the device receives over a real broker.
const broker = useService(() => startAedes());
const edge = { site: "g1", device: "d1" };
let database: Database;
let hub: TestHub;
let hubClient: MqttClient;
let deviceClient: MqttClient;
let commands: MqttCommandService;
const pushes: unknown[] = [];

/** A device on the real broker that accepts every config push and keeps what it was sent. */
async function simulatedDevice(): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker().url, { clientId: "g1.d1" });
  let seq = 0;
  client.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok || decoded.kind !== "configPush") return;
    const message = decoded.message as { id: string };
    pushes.push(decoded.message);
    const ack: CommandAck = {
      v: 1,
      id: uuidv7(),
      seq: ++seq,
      ts: Date.now(),
      command: message.id,
      name: "config-push",
      status: "accepted",
    };
    void client.publishAsync(topics.commandAck(edge), encodeMessage("commandAck", ack), { qos: 1 });
  });
  await client.subscribeAsync(deviceCommandFilter(edge), { qos: 1 });
  return client;
}

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  hubClient = await mqtt.connectAsync(broker().url, { clientId: "hub-gate-settings" });
  commands = createCommandService({
    database,
    metrics: createMetrics(),
    logger: createLogger("silent"),
    config: { commandTimeoutMs: 2_000 },
    transport: {
      publish: async (topic, payload, opts) => void (await hubClient.publishAsync(topic, payload, opts)),
    },
  });
  hubClient.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "commandAck") commands.handleAck(decoded.address, decoded.message);
  });
  await hubClient.subscribeAsync(topicFilter("commandAck"), { qos: 1 });
  hub = await startTestHub({ database, commands });
  await seedSite(hub, edge.site, { camera: "desk" });
  await database.db
    .update(devices)
    .set({ online: true })
    .where(and(eq(devices.siteId, edge.site), eq(devices.id, edge.device)));
  deviceClient = await simulatedDevice();
});

afterAll(async () => {
  commands?.stop();
  await deviceClient?.endAsync();
  await hubClient?.endAsync();
  await hub?.close();
  await database?.close();
});

beforeEach(() => {
  pushes.length = 0;
});

const base = `/api/v1/sites/${edge.site}/devices/${edge.device}/cameras`;
const call = (method: string, path: string, json?: unknown) =>
  hub.call(method, path, { token: hub.adminToken, json });
const lastPushOf = (camera: string) =>
  configPushSchema.parse(pushes.at(-1)).cameras.find((c) => c.camera === camera);

const zone = [
  [0.1, 0.2],
  [0.9, 0.2],
  [0.9, 0.9],
  [0.1, 0.9],
];
const directionLine = [
  [0.5, 0.9],
  [0.5, 0.2],
];

describe("gate settings of a camera", () => {
  it("are absent from a new gate camera's push, so the device keeps its own, and GET says null", async () => {
    const r = await call("POST", base, { id: "lane", name: "Lane", role: "gate" });
    expect(r.status, r.text).toBe(201);
    expect(r.body.gate).toBeNull();
    expect(r.body.push).toMatchObject({ status: "accepted" });
    expect(lastPushOf("lane")).toMatchObject({ role: "gate" });
    expect(lastPushOf("lane")).not.toHaveProperty("gate");
    // Other roles do not show the field at all.
    expect((await call("GET", `${base}/desk`)).body).not.toHaveProperty("gate");
  });

  it("are stored with their defaults by PATCH, returned by GET and list, and pushed to the device", async () => {
    const gate = {
      zone,
      directionLine,
      vehicleClasses: ["truck"],
      passageGroup: "gate-1",
      scoreThreshold: 0.2,
    };
    const r = await call("PATCH", `${base}/lane`, { gate });
    expect(r.status, r.text).toBe(200);
    const full = {
      ...gate,
      activeIntervalMs: 500,
      minTrackFrames: 3,
      lostAfterFrames: 2,
      maxOcrFrames: 4,
      motion: { enabled: true, threshold: 0.02, forceEvery: 10 },
    };
    expect(r.body.gate).toEqual(full);
    expect(r.body.push).toMatchObject({ device: edge.device, status: "accepted" });
    expect(lastPushOf("lane")).toMatchObject({ role: "gate", gate: full });
    expect(configPushSchema.parse(pushes.at(-1)).revision).toBe(r.body.push.revision);
    expect((await call("GET", `${base}/lane`)).body.gate).toEqual(full);
    const list = await call("GET", `/api/v1/sites/${edge.site}/cameras`);
    expect(list.body.cameras.find((c: { id: string }) => c.id === "lane").gate).toEqual(full);

    // A PATCH of other fields keeps them; a new object replaces them whole; null lets the device decide.
    await call("PATCH", `${base}/lane`, { name: "Lane 1" });
    expect(lastPushOf("lane")).toMatchObject({ gate: full });
    const replaced = await call("PATCH", `${base}/lane`, { gate: { motion: { enabled: false } } });
    expect(replaced.body.gate).toMatchObject({
      zone: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      motion: { enabled: false },
    });
    expect(replaced.body.gate).not.toHaveProperty("passageGroup");
    const cleared = await call("PATCH", `${base}/lane`, { gate: null });
    expect(cleared.body.gate).toBeNull();
    expect(lastPushOf("lane")).not.toHaveProperty("gate");
  });

  it("are accepted when a gate camera is created and dropped when it changes role", async () => {
    const r = await call("POST", base, { id: "rear", name: "Rear", role: "gate", gate: { zone } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.gate.zone).toEqual(zone);
    expect(lastPushOf("rear")).toMatchObject({ gate: { zone } });
    const moved = await call("PATCH", `${base}/rear`, { role: "attention" });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).not.toHaveProperty("gate");
    const [row] = await database.db.select().from(cameras).where(eq(cameras.id, "rear"));
    expect(row?.settings).toBeNull();
    const back = await call("PATCH", `${base}/rear`, { role: "gate" });
    expect(back.body.gate).toBeNull();
  });

  it("are refused with 400 and the exact problem when bad, and nothing is stored or pushed", async () => {
    const bowtie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ];
    const bad: [unknown, string][] = [
      [{ zone: bowtie }, "invalid json.gate.zone: edges 1 and 3 intersect"],
      [
        {
          zone: [
            [0, 0],
            [1, 0],
          ],
        },
        "invalid json.gate.zone: ",
      ],
      [{ activeIntervalMs: 50 }, "invalid json.gate.activeIntervalMs: "],
      [{ vehicleClasses: [] }, "invalid json.gate.vehicleClasses: "],
      [{ scoreThreshold: 1.5 }, "invalid json.gate.scoreThreshold: "],
      [{ passageGroup: "gate 1" }, "invalid json.gate.passageGroup: "],
      [
        {
          directionLine: [
            [0.5, 0],
            [0.5, 1.2],
          ],
        },
        "invalid json.gate.directionLine.1.1: ",
      ],
      [{ motion: { forceEvery: 0 } }, "invalid json.gate.motion.forceEvery: "],
    ];
    const before = (await call("GET", `${base}/lane`)).body.gate;
    for (const [gate, message] of bad) {
      const r = await call("PATCH", `${base}/lane`, { gate });
      expect(r.status, JSON.stringify(gate)).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
      expect(r.body.error.message.startsWith(message), `${r.body.error.message} / ${message}`).toBe(true);
    }
    expect((await call("GET", `${base}/lane`)).body.gate).toEqual(before);
    expect(pushes).toEqual([]);
  });

  it("are refused with 400 on a camera of another role, on create, update and role change", async () => {
    const onSeats = await call("PATCH", `${base}/desk`, { gate: { zone } });
    expect(onSeats.status).toBe(400);
    expect(onSeats.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "invalid json.gate: gate settings are for gate cameras; desk is a seats camera",
    });
    const created = await call("POST", base, { id: "desk-2", name: "Desk 2", role: "seats", gate: {} });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toBe(
      "invalid json.gate: gate settings are for gate cameras; desk-2 is a seats camera",
    );
    expect((await call("GET", `${base}/desk-2`)).status).toBe(404);
    const leaving = await call("PATCH", `${base}/lane`, { role: "attention", gate: { zone } });
    expect(leaving.status).toBe(400);
    // Clearing is no setting, so it is allowed on any camera.
    expect((await call("PATCH", `${base}/desk`, { gate: null })).status).toBe(200);
    // A seats camera becoming a gate camera may bring its settings along.
    const becoming = await call("PATCH", `${base}/desk`, { role: "gate", gate: { zone } });
    expect(becoming.status, becoming.text).toBe(200);
    expect(becoming.body.gate.zone).toEqual(zone);
  });
});
