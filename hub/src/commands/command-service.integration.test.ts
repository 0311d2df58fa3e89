import {
  type CommandAck,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  topicFilter,
  topics,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { type AedesBroker, startAedes, useService } from "@sitewatch/testkit";
import { eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { deviceCommands, devices, sites } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { createCommandService, type MqttCommandService } from "./command-service.js";

type Reply = Pick<CommandAck, "status" | "result" | "error">;
/** How the simulated device answers each command: a list of acks, sent in order. */
type Behaviour = (command: { id: string; name: string }) => Reply[];

const broker = useService(() => startAedes());
const edge = { site: "site-a", device: "edge-01" };
const intruder = { site: "site-a", device: "edge-02" };
let database: Database;
let metrics: Metrics;
let hub: MqttClient;
let service: MqttCommandService;
const received: { topic: string; id: string }[] = [];
let behaviour: Behaviour = () => [];

async function simulatedDevice(b: AedesBroker, address: typeof edge): Promise<MqttClient> {
  const client = await mqtt.connectAsync(b.url, { clientId: `${address.site}.${address.device}` });
  let seq = 0;
  client.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok) throw new Error(`device got an invalid command: ${decoded.error.message}`);
    const command = decoded.message as { id: string };
    received.push({ topic, id: command.id });
    const name = topic.split("/").at(-1) as CommandAck["name"];
    for (const reply of behaviour({ id: command.id, name })) {
      const ack = {
        v: 1 as const,
        id: uuidv7(),
        seq: ++seq,
        ts: Date.now(),
        command: command.id,
        name,
        ...reply,
      };
      void client.publishAsync(topics.commandAck(address), encodeMessage("commandAck", ack), { qos: 1 });
    }
  });
  await client.subscribeAsync(deviceCommandFilter(address), { qos: 1 });
  return client;
}

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  await database.db.insert(sites).values({ id: "site-a", name: "A" });
  const device = (id: string, online: boolean) => ({
    siteId: "site-a",
    id,
    name: id,
    mqttUsername: `site-a.${id}`,
    passwordHash: "x",
    online,
  });
  await database.db
    .insert(devices)
    .values([device("edge-01", true), device("edge-02", true), device("edge-off", false)]);
  metrics = createMetrics();
  // The hub side: publishes commands and routes every ack it hears to the service, like ingest does.
  hub = await mqtt.connectAsync(broker().url, { clientId: "hub" });
  hub.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "commandAck") service.handleAck(decoded.address, decoded.message);
  });
  await hub.subscribeAsync(topicFilter("commandAck"), { qos: 1 });
  service = createCommandService({
    database,
    metrics,
    logger: createLogger("silent"),
    config: { commandTimeoutMs: 2_000 },
    transport: {
      publish: async (topic, payload, opts) => void (await hub.publishAsync(topic, payload, opts)),
    },
  });
  await simulatedDevice(broker(), edge);
});

afterAll(async () => {
  service?.stop();
  await hub?.endAsync();
  await database?.close();
});

beforeEach(() => {
  received.length = 0;
  behaviour = () => [];
});

const row = async (id: string) =>
  (await database.db.select().from(deviceCommands).where(eq(deviceCommands.id, id)))[0];
const counted = async (name: string, outcome: string) =>
  (await metrics.commands.get()).values.find((v) => v.labels.name === name && v.labels.outcome === outcome)
    ?.value ?? 0;

describe("command service over a real broker", () => {
  it("sends a valid command and resolves with the device's completed ack", async () => {
    behaviour = () => [{ status: "accepted" }, { status: "completed", result: { width: 1280 } }];
    const outcome = await service.send("snapshotRequest", edge, { camera: "cam-01" });
    expect(outcome).toMatchObject({ status: "completed", result: { width: 1280 } });
    expect(received).toEqual([{ topic: "sitewatch/v1/site-a/edge-01/cmd/snapshot", id: outcome.id }]);
    expect(await row(outcome.id)).toMatchObject({
      name: "snapshot",
      status: "completed",
      result: { width: 1280 },
      payload: { v: 1, id: outcome.id, camera: "cam-01", maxWidth: 1280, timeoutMs: 2_000 },
    });
    expect(await counted("snapshot", "completed")).toBe(1);
  });

  it("records a failure the device reports", async () => {
    behaviour = () => [{ status: "failed", error: { code: "NOT_FOUND", message: "no camera cam-09" } }];
    const outcome = await service.send("restartPipeline", edge, { camera: "cam-09" });
    expect(outcome).toMatchObject({ status: "failed", error: { code: "NOT_FOUND" } });
    expect(await row(outcome.id)).toMatchObject({ status: "failed", error: { code: "NOT_FOUND" } });
  });

  it("times out when the device never answers, and still records a late answer", async () => {
    const started = Date.now();
    const outcome = await service.send(
      "liveStop",
      edge,
      { camera: "cam-01", session: "s1" },
      { timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(outcome).toMatchObject({ status: "timeout", error: { code: "COMMAND_TIMEOUT" } });
    expect(await row(outcome.id)).toMatchObject({ status: "timeout" });
    // Replay the command to the device by hand: its (late) completed ack must still update the record.
    behaviour = () => [{ status: "completed" }];
    const msg = { v: 1, id: outcome.id, ts: Date.now(), camera: "cam-01", session: "s1" } as const;
    await hub.publishAsync(topics.liveStop(edge), encodeMessage("liveStop", msg), { qos: 1 });
    await expect.poll(async () => (await row(outcome.id))?.status).toBe("completed");
    expect(service.waiting).toBe(0);
  });

  it("answers at `accepted` when asked to, and completes the record later", async () => {
    behaviour = () => [{ status: "accepted" }, { status: "completed", result: { revision: 3 } }];
    const outcome = await service.send(
      "configPush",
      edge,
      { revision: 3, cameras: [] },
      { waitFor: "accepted" },
    );
    expect(outcome.status).toBe("accepted");
    await expect.poll(async () => (await row(outcome.id))?.status).toBe("completed");
  });

  it("ignores an ack for the command that comes from another device", async () => {
    const forger = await simulatedDevice(broker(), intruder);
    try {
      behaviour = () => [];
      const pending = service.send("snapshotRequest", edge, { camera: "cam-01" }, { timeoutMs: 800 });
      await expect.poll(() => received.length).toBe(1);
      const id = received[0]?.id as string;
      const forged = {
        v: 1,
        id: uuidv7(),
        seq: 1,
        ts: Date.now(),
        command: id,
        name: "snapshot",
        status: "completed",
      };
      await forger.publishAsync(topics.commandAck(intruder), JSON.stringify(forged), { qos: 1 });
      const outcome = await pending;
      expect(outcome.status).toBe("timeout");
      expect(await row(id)).toMatchObject({ status: "timeout", deviceId: "edge-01" });
      expect(await counted("snapshot", "foreign_ack")).toBe(1);
    } finally {
      await forger.endAsync();
    }
  });

  it("refuses offline, unknown and invalid commands without publishing", async () => {
    const offline = service.send(
      "snapshotRequest",
      { site: "site-a", device: "edge-off" },
      { camera: "cam-01" },
    );
    // The error carries the code; REST's 503 for it is checked in http/routes/commands.integration.test.ts.
    await expect(offline).rejects.toMatchObject({ code: "DEVICE_OFFLINE" });
    const [stored] = await database.db
      .select()
      .from(deviceCommands)
      .where(eq(deviceCommands.deviceId, "edge-off"));
    expect(stored).toMatchObject({ status: "failed", error: { code: "DEVICE_OFFLINE" } });
    await expect(
      service.send("snapshotRequest", { site: "site-a", device: "ghost" }, { camera: "c" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const invalid = service.send("liveStart", edge, { camera: "cam/01", session: "" } as never);
    await expect(invalid).rejects.toBeInstanceOf(ApiError);
    await expect(invalid).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(received).toEqual([]);
    expect(await counted("live-start", "invalid")).toBe(1);
  });

  it("rejects waiting commands when stopped", async () => {
    const stopping = createCommandService({
      database,
      metrics,
      logger: createLogger("silent"),
      config: { commandTimeoutMs: 60_000 },
      transport: { publish: async () => {} },
    });
    const pending = stopping.send("snapshotRequest", edge, { camera: "cam-01" });
    await expect.poll(() => stopping.waiting).toBe(1);
    stopping.stop();
    await expect(pending).rejects.toMatchObject({
      code: "INTERNAL",
      message: expect.stringMatching(/shutting down/),
    });
    await expect(stopping.send("snapshotRequest", edge, { camera: "cam-01" })).rejects.toMatchObject({
      code: "INTERNAL",
    });
  });
});
