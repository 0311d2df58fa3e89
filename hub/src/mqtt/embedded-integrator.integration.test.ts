import { topics } from "@sitewatch/shared-protocol";
import { collectMessages, nextMessage } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOME_ASSISTANT_STATE_ROOT } from "../config-integrations.js";
import type { Database } from "../db/client.js";
import {
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
} from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { createBrokerAuth } from "./broker-auth.js";
import { createEmbeddedTransport, type EmbeddedTransport } from "./embedded-transport.js";
import { integratorAccount } from "./integrator-acl.js";

// The read-only integrator account on the embedded broker, driven by a real mqtt.js client as an
// integration (Home Assistant, Node-RED) would connect: it reads state topics and nothing else.
const INTEGRATOR = { username: "home-assistant", password: "integrator-secret-1" };
const logger = createLogger("silent");
let database: Database;
let metrics: Metrics;
let transport: EmbeddedTransport;
let device: EnrolledDevice;
const clients: MqttClient[] = [];
const camera = { site: "site-1", device: "edge-a", camera: "cam-1" };

async function connect(user: { username: string; password: string }, clientId = user.username) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${transport.ports().mqtt}`, {
    ...user,
    clientId,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  device = await enrolTestDevice(database.db, "site-1", "edge-a");
  metrics = createMetrics();
  const homeAssistant = { discoveryPrefix: "homeassistant", stateRoot: HOME_ASSISTANT_STATE_ROOT };
  const integrator = integratorAccount({ integrator: INTEGRATOR, homeAssistant });
  const auth = createBrokerAuth({ db: database.db, metrics, logger, integrator });
  transport = createEmbeddedTransport({
    mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
    auth,
    metrics,
    logger,
  });
  transport.onMessage(() => {});
  await transport.start();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await transport?.stop();
  await database?.close();
});

describe("embedded broker: the integrator account", () => {
  it("refuses a wrong password", async () => {
    await expect(connect({ ...INTEGRATOR, password: "not-the-password" })).rejects.toThrow(/bad user/i);
  });

  it("subscribes to state topics and receives what devices publish there", async () => {
    const reader = await connect(INTEGRATOR, "ha-1");
    const granted = await reader.subscribeAsync(
      ["sitewatch/v1/+/+/cam/+/seats/change", "sitewatch/v1/+/+/availability", "homeassistant/#"],
      { qos: 1 },
    );
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1]);
    const publisher = await connect(device);
    const topic = topics.seatChange(camera);
    const seen = nextMessage(reader, { topic });
    await publisher.publishAsync(topic, payload("seatChange"), { qos: 1 });
    expect((await seen).json()).toMatchObject({ to: "occupied" });
    // What the hub publishes itself (Home Assistant discovery) reaches it too.
    const config = "homeassistant/sensor/sitewatch/x/config";
    const fromHub = nextMessage(reader, { topic: config });
    await transport.publish(config, "{}", { qos: 1, retain: true });
    expect((await fromHub).payload.toString()).toBe("{}");
  });

  it("is refused (SUBACK 0x80) command topics, confirmations, pictures and the whole tree", async () => {
    const reader = await connect(INTEGRATOR, "ha-2");
    const refused = [
      topics.configPush(camera),
      "sitewatch/v1/site-1/edge-a/cmd/+",
      topics.settled(camera),
      topics.snapshot(camera),
      "sitewatch/#",
      "#",
    ];
    // mqtt.js turns a SUBACK with 0x80 into an error that carries the packet.
    const error = await reader.subscribeAsync(refused, { qos: 1 }).catch((err: unknown) => err);
    expect((error as { packet?: { granted?: number[] } }).packet?.granted).toEqual(refused.map(() => 0x80));
    expect(reader.connected).toBe(true);
    // Nothing arrives on a refused filter: a command the hub sends is not seen.
    const seen = collectMessages(reader);
    await reader.subscribeAsync(topics.availability(camera), { qos: 1 });
    await transport.publish(topics.configPush(camera), payload("configPush"), { qos: 1 });
    const online = nextMessage(reader, { topic: topics.availability(camera) });
    await transport.publish(topics.availability(camera), payload("availability"), { qos: 1 });
    await online;
    expect(seen.messages.map((m) => m.topic)).toEqual([topics.availability(camera)]);
  });

  it("is cut off when it publishes, and the message goes nowhere", async () => {
    const watcher = await connect(device, `${device.username}:watch`);
    await watcher.subscribeAsync("sitewatch/v1/site-1/edge-a/cmd/+", { qos: 1 });
    const seen = collectMessages(watcher);
    const before = (await metrics.mqttAuthFailures.get()).values.find((v) => v.labels.kind === "publish");
    const writer = await connect(INTEGRATOR, "ha-3");
    const closed = new Promise<void>((resolve) => writer.once("close", () => resolve()));
    writer.publish(topics.configPush(camera), payload("configPush"), { qos: 1 });
    await closed;
    const after = (await metrics.mqttAuthFailures.get()).values.find((v) => v.labels.kind === "publish");
    expect((after?.value ?? 0) - (before?.value ?? 0)).toBe(1);
    expect(seen.messages).toEqual([]);
  });

  it("may announce Home Assistant's birth message on <prefix>/status, not retained", async () => {
    const ha = await connect(INTEGRATOR, "ha-4");
    const heard = nextMessage(ha, { topic: "homeassistant/status" });
    await ha.subscribeAsync("homeassistant/status", { qos: 1 });
    await ha.publishAsync("homeassistant/status", "online", { qos: 1 });
    expect((await heard).payload.toString()).toBe("online");
    expect(ha.connected).toBe(true);
    // A retained birth message would outlive HA's session and mislead the next reader: refused.
    const closed = new Promise<void>((resolve) => ha.once("close", () => resolve()));
    ha.publish("homeassistant/status", "online", { qos: 1, retain: true });
    await closed;
  });
});
