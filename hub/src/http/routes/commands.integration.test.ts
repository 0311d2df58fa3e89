import {
  type CommandAck,
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
import { devices } from "../../db/schema/index.js";
import { createLogger } from "../../observability/logger.js";
import { createMetrics } from "../../observability/metrics.js";
import { seedSite, startTestHub, type TestHub } from "../http.test-support.js";

type Reply = Pick<CommandAck, "status" | "result" | "error">;
const broker = useService(() => startAedes());
const edge = { site: "s1", device: "d1" };
let database: Database;
let hub: TestHub;
let hubClient: MqttClient;
let deviceClient: MqttClient;
let commands: MqttCommandService;
const received: { name: string; message: Record<string, unknown> }[] = [];
let answer: (name: string) => Reply[] = () => [];

/** A device on the real broker that answers each command as `answer` says. */
async function simulatedDevice(): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker().url, { clientId: "s1.d1" });
  let seq = 0;
  client.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const message = decoded.message as { id: string } & Record<string, unknown>;
    const name = topic.split("/").at(-1) as CommandAck["name"];
    received.push({ name, message });
    for (const reply of answer(name)) {
      const ack = {
        v: 1 as const,
        id: uuidv7(),
        seq: ++seq,
        ts: Date.now(),
        command: message.id,
        name,
        ...reply,
      };
      void client.publishAsync(topics.commandAck(edge), encodeMessage("commandAck", ack), { qos: 1 });
    }
  });
  await client.subscribeAsync(deviceCommandFilter(edge), { qos: 1 });
  return client;
}

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  hubClient = await mqtt.connectAsync(broker().url, { clientId: "hub-test" });
  commands = createCommandService({
    database,
    metrics: createMetrics(),
    logger: createLogger("silent"),
    config: { commandTimeoutMs: 2_000 },
    transport: {
      publish: async (topic, payload, opts) => void (await hubClient.publishAsync(topic, payload, opts)),
    },
  });
  // The hub routes acks to the service, as ingest does.
  hubClient.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "commandAck") commands.handleAck(decoded.address, decoded.message);
  });
  await hubClient.subscribeAsync(topicFilter("commandAck"), { qos: 1 });
  hub = await startTestHub({ database, commands });
  await seedSite(hub, "s1");
  await database.db
    .update(devices)
    .set({ online: true })
    .where(and(eq(devices.siteId, "s1"), eq(devices.id, "d1")));
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
  received.length = 0;
  answer = () => [];
});

const send = (json: Record<string, unknown>, device = "d1") =>
  hub.call("POST", `/api/v1/sites/s1/devices/${device}/commands`, { token: hub.adminToken, json });

describe("device commands over REST", () => {
  it("relays a command and returns the device's completed acknowledgement", async () => {
    answer = () => [{ status: "accepted" }, { status: "completed", result: { width: 1280 } }];
    const r = await send({ name: "snapshot", body: { camera: "c1" } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ name: "snapshot", status: "completed", result: { width: 1280 } });
    expect(received[0]).toMatchObject({ name: "snapshot", message: { camera: "c1", id: r.body.id } });
    const list = await hub.call("GET", "/api/v1/sites/s1/devices/d1/commands", { token: hub.adminToken });
    expect(list.body.commands[0]).toMatchObject({ id: r.body.id, name: "snapshot", status: "completed" });
  });

  it("maps a device failure to COMMAND_FAILED (502)", async () => {
    answer = () => [{ status: "failed", error: { code: "NOT_FOUND", message: "no camera c9" } }];
    const r = await send({ name: "restart-pipeline", body: { camera: "c9" } });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: "COMMAND_FAILED", message: "no camera c9" });
    expect(r.body.error.details.deviceError.code).toBe("NOT_FOUND");
  });

  it("maps silence to COMMAND_TIMEOUT (504)", async () => {
    const r = await send({ name: "live-stop", body: { camera: "c1", session: "x" }, timeoutMs: 300 });
    expect(r.status).toBe(504);
    expect(r.body.error.code).toBe("COMMAND_TIMEOUT");
  });

  it("refuses offline devices with DEVICE_OFFLINE (503) and bad bodies with VALIDATION_FAILED", async () => {
    await database.db.update(devices).set({ online: false }).where(eq(devices.id, "d1"));
    const offline = await send({ name: "snapshot", body: { camera: "c1" } });
    await database.db.update(devices).set({ online: true }).where(eq(devices.id, "d1"));
    expect(offline.status).toBe(503);
    expect(offline.body.error.code).toBe("DEVICE_OFFLINE");
    const bad = await send({ name: "snapshot", body: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect((await send({ name: "snapshot", body: { camera: "c1" } }, "ghost")).status).toBe(404);
    expect(received).toHaveLength(0);
  });
});

describe("configuration push after seat edits", () => {
  it("sends the device its whole configuration and reports the outcome", async () => {
    answer = (name) => (name === "config-push" ? [{ status: "accepted" }] : []);
    const polygon = [
      [0.1, 0.1],
      [0.5, 0.1],
      [0.5, 0.5],
    ];
    const r = await hub.call("POST", "/api/v1/sites/s1/seats", {
      token: hub.adminToken,
      json: { id: "2B", device: "d1", camera: "c1", polygon },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.push).toMatchObject({ device: "d1", status: "accepted", revision: expect.any(Number) });
    const pushed = received.find((m) => m.name === "config-push")?.message;
    expect(pushed?.revision).toBe(r.body.push.revision);
    expect(pushed?.cameras).toEqual([
      expect.objectContaining({
        camera: "c1",
        role: "seats",
        seats: [expect.objectContaining({ seat: "2B", polygon })],
      }),
    ]);
  });

  it("still stores the seat when the device does not answer", async () => {
    const r = await hub.call("PATCH", "/api/v1/sites/s1/seats/2B", {
      token: hub.adminToken,
      json: { kind: "sofa" },
    });
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("sofa");
    expect(r.body.push.status).toBe("timeout");
  });
});
