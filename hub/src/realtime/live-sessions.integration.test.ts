import {
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  topicFilter,
  topics,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { startAedes, useService } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommandService, type MqttCommandService } from "../commands/command-service.js";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { LiveSessions } from "./live-sessions.js";
import {
  connected,
  type SocketFixture,
  seedSites,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

const broker = useService(() => startAedes());
const cam = { site: "site-a", device: "edge-01", camera: "cam-01" };
const commands: { name: string; session: string; ttlMs?: number }[] = [];
let database: Database;
let hub: MqttClient;
let device: MqttClient;
let service: MqttCommandService;
let sessions: LiveSessions;
let fx: SocketFixture;

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  await seedSites(database);
  hub = await mqtt.connectAsync(broker().url, { clientId: "hub" });
  hub.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "commandAck") service.handleAck(decoded.address, decoded.message);
  });
  await hub.subscribeAsync(topicFilter("commandAck"), { qos: 1 });
  service = createCommandService({
    database,
    metrics: createMetrics(),
    logger: createLogger("silent"),
    config: { commandTimeoutMs: 2_000 },
    transport: {
      publish: async (topic, payload, opts) => void (await hub.publishAsync(topic, payload, opts)),
    },
  });
  // The device: records each live command and accepts it.
  device = await mqtt.connectAsync(broker().url, { clientId: "site-a.edge-01" });
  let seq = 0;
  device.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok || (decoded.kind !== "liveStart" && decoded.kind !== "liveStop")) return;
    const m = decoded.message as { id: string; session: string; ttlMs?: number };
    const name = decoded.kind === "liveStart" ? "live-start" : "live-stop";
    commands.push({ name, session: m.session, ...(m.ttlMs !== undefined ? { ttlMs: m.ttlMs } : {}) });
    const ack = {
      v: 1,
      id: uuidv7(),
      seq: ++seq,
      ts: Date.now(),
      command: m.id,
      name,
      status: "accepted",
    } as const;
    void device.publishAsync(topics.commandAck(cam), encodeMessage("commandAck", ack), { qos: 1 });
  });
  await device.subscribeAsync(deviceCommandFilter(cam), { qos: 1 });
  sessions = new LiveSessions({
    commands: service,
    logger: createLogger("silent"),
    ttlMs: 1_000,
    renewMs: 150,
  });
  fx = await startSocketFixture({ database, onLiveWatch: sessions.hook });
});

afterAll(async () => {
  await fx?.close();
  sessions?.close();
  service?.stop();
  await device?.endAsync();
  await hub?.endAsync();
  await database?.close();
});

describe("live sessions", () => {
  it("starts one device session for two viewers, renews it, and stops it after the last leaves", async () => {
    const one = fx.connect(fx.adminToken);
    const two = fx.connect(fx.managerToken);
    await Promise.all([connected(one), connected(two)]);
    const watched = await one.timeout(5_000).emitWithAck("live:watch", cam);
    await two.timeout(5_000).emitWithAck("live:watch", cam);
    const session = watched.ok ? watched.data.session : "";
    expect(session).not.toBe("");

    // The first start plus renewals, all for the same session and with the TTL.
    await expect.poll(() => commands.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(commands.every((c) => c.name === "live-start" && c.session === session && c.ttlMs === 1_000)).toBe(
      true,
    );

    await one.timeout(5_000).emitWithAck("live:unwatch", cam);
    expect(sessions.size).toBe(1);
    two.disconnect();
    await expect.poll(() => commands.at(-1)?.name, { timeout: 5_000 }).toBe("live-stop");
    expect(commands.at(-1)?.session).toBe(session);
    expect(sessions.size).toBe(0);

    // No renewal after the stop.
    const settled = commands.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(commands.length).toBe(settled);
    one.disconnect();
  });
});
