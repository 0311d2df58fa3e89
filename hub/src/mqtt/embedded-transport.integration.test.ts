import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { topics } from "@sitewatch/shared-protocol";
import { nextMessage, selfSignedCert } from "@sitewatch/testkit";
import { eq } from "drizzle-orm";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devicePasswordHash } from "../auth/device-credentials.js";
import type { Database } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import {
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
  until,
} from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { type BrokerAuth, createBrokerAuth } from "./broker-auth.js";
import { createEmbeddedTransport, type EmbeddedTransport } from "./embedded-transport.js";

const logger = createLogger("silent");
let database: Database;
let metrics: Metrics;
let auth: BrokerAuth;
let transport: EmbeddedTransport;
let a: EnrolledDevice;
let b: EnrolledDevice;
let revoked: EnrolledDevice;
const received: Array<{ topic: string; payload: Buffer }> = [];
let gate: Promise<void> | undefined;
/** The handler rejects this many next messages (a store that failed). */
let failNext = 0;
const clients: MqttClient[] = [];

async function connect(
  device: { username: string; password: string },
  extra: IClientOptions & { url?: string } = {},
): Promise<MqttClient> {
  const { url = `mqtt://127.0.0.1:${transport.ports().mqtt}`, ...options } = extra;
  const client = await mqtt.connectAsync(url, {
    username: device.username,
    password: device.password,
    clientId: device.username,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  clients.push(client);
  return client;
}

const failures = async (kind: string) =>
  (await metrics.mqttAuthFailures.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  a = await enrolTestDevice(database.db, "site-1", "edge-a");
  b = await enrolTestDevice(database.db, "site-1", "edge-b");
  revoked = await enrolTestDevice(database.db, "site-1", "edge-r", "revoked");
  metrics = createMetrics();
  auth = createBrokerAuth({ db: database.db, metrics, logger, cacheTtlMs: 60_000 });
  transport = createEmbeddedTransport({
    mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
    auth,
    metrics,
    logger,
    holdLimits: { messages: 2, bytes: 1 << 30 },
  });
  transport.onMessage((topic, body) => {
    received.push({ topic, payload: body });
    if (failNext > 0) {
      failNext -= 1;
      return Promise.reject(new Error("not stored"));
    }
    return gate;
  });
  await transport.start();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await transport?.stop();
  await database?.close();
});

const seatTopic = (device: string) => topics.seatChange({ site: "site-1", device, camera: "cam-1" });

describe("embedded broker: authentication", () => {
  it("lets an enrolled device in and delivers its messages to the hub over TCP and WebSocket", async () => {
    const tcp = await connect(a);
    await tcp.publishAsync(seatTopic("edge-a"), payload("seatChange"), { qos: 1 });
    const ws = await connect(b, { url: `ws://127.0.0.1:${transport.ports().ws}` });
    await ws.publishAsync(seatTopic("edge-b"), payload("seatChange"), { qos: 1 });
    await until(() => received.length >= 2, 5_000, "both messages");
    expect(received.map((r) => r.topic).sort()).toEqual([seatTopic("edge-a"), seatTopic("edge-b")]);
    expect(transport.connectedClients()).toBeGreaterThanOrEqual(2);
    expect((await metrics.mqttClients.get()).values[0]?.value).toBeGreaterThanOrEqual(2);
  });

  it("refuses wrong passwords, unknown and revoked devices and borrowed client ids", async () => {
    const before = await failures("connect");
    await expect(connect({ ...a, password: "wrong" }, { clientId: a.username })).rejects.toThrow(/bad user/i);
    await expect(connect({ username: "site-1.ghost", password: "x" })).rejects.toThrow(/bad user/i);
    await expect(connect(revoked)).rejects.toThrow(/not authorized/i);
    await expect(connect(a, { clientId: b.username })).rejects.toThrow(/identifier rejected/i);
    await expect(connect({ username: "", password: "" })).rejects.toThrow(/bad user/i);
    expect((await failures("connect")) - before).toBe(5);
  });

  it("trusts a verified login for the cache TTL and forgets it on invalidate, disconnecting the device", async () => {
    const device = await enrolTestDevice(database.db, "site-1", "edge-c");
    const first = await connect(device);
    // A new password in the database: the cached login still works until the cache is invalidated.
    await database.db
      .update(devices)
      .set({ passwordHash: devicePasswordHash("rotated") })
      .where(eq(devices.id, "edge-c"));
    const second = await connect(device, { clientId: `${device.username}:2` });
    expect(second.connected).toBe(true);
    const closed = new Promise<void>((resolve) => first.once("close", () => resolve()));
    auth.invalidate(device.username);
    await closed;
    await expect(connect(device, { clientId: `${device.username}:3` })).rejects.toThrow(/bad user/i);
    expect((await connect({ ...device, password: "rotated" })).connected).toBe(true);
  });
});

describe("embedded broker: topic ACL", () => {
  it("cuts off a device that publishes under another device's prefix, to its commands or its confirmations", async () => {
    const before = await failures("publish");
    const count = received.length;
    const own = { site: "site-1", device: "edge-a" };
    const kinds = {
      configPush: topics.configPush(own),
      settled: topics.settled(own),
      seatChange: seatTopic("edge-b"),
    };
    for (const [kind, topic] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
      const device = await connect(a, { clientId: `${a.username}:acl` });
      const closed = new Promise<void>((resolve) => device.once("close", () => resolve()));
      device.publish(topic, payload(kind), { qos: 1 });
      await closed;
    }
    await sleep(50);
    expect(received.slice(count)).toEqual([]);
    expect((await failures("publish")) - before).toBe(3);
  });

  it("refuses subscriptions outside the device's prefix and delivers its own commands", async () => {
    const device = await connect(a, { clientId: `${a.username}:sub` });
    // A refused subscription comes back as 0x80 in the SUBACK, which mqtt.js turns into an error.
    await expect(device.subscribeAsync("sitewatch/v1/site-1/edge-b/cmd/+", { qos: 1 })).rejects.toThrow(
      /subscribe/i,
    );
    await expect(device.subscribeAsync("sitewatch/#", { qos: 1 })).rejects.toThrow(/subscribe/i);
    expect(device.connected).toBe(true);
    const own = await device.subscribeAsync("sitewatch/v1/site-1/edge-a/cmd/+", { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    const command = topics.snapshotRequest({ site: "site-1", device: "edge-a" });
    const arrives = nextMessage(device, { topic: command });
    await transport.publish(command, payload("snapshotRequest"), { qos: 1 });
    expect((await arrives).json()).toMatchObject({ camera: "cam-03" });
    // The hub's own command never comes back to the hub as a device message.
    expect(received.some((r) => r.topic === command)).toBe(false);
  });
});

describe("embedded broker: flow control and lifecycle", () => {
  it("acknowledges a message only when the handler is done, and stops reading a device past its hold limit", async () => {
    let open: () => void = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const device = await connect(b, { clientId: `${b.username}:slow` });
    const count = received.length;
    const acked: number[] = [];
    const publish = (n: number) => {
      const sent = device.publishAsync(seatTopic("edge-b"), payload("seatChange"), { qos: 1 });
      void sent.then(() => acked.push(n));
      return sent;
    };
    const first = publish(1);
    await until(() => received.length === count + 1, 2_000, "first message");
    // Under the limit (two open messages) the connection is still read: the second joins the first.
    const second = publish(2);
    await until(() => received.length === count + 2, 2_000, "second message");
    const third = publish(3);
    await sleep(200);
    // Nothing stored yet: no PUBACK, and with two open the third was not read.
    expect(acked).toEqual([]);
    expect(received.length).toBe(count + 2);
    gate = undefined;
    open();
    await until(() => received.length === count + 3, 2_000, "third message after release");
    await Promise.all([first, second, third]);
    expect(acked).toEqual([1, 2, 3]);
    await device.endAsync(true);
  });

  it("leaves a message unacknowledged when the handler fails, so the device sends it again", async () => {
    failNext = 1;
    const device = await connect(b, { clientId: `${b.username}:retry`, reconnectPeriod: 100, clean: false });
    const count = received.length;
    await device.publishAsync(seatTopic("edge-b"), payload("seatChange", { seq: 4242 }), { qos: 1 });
    // Received twice: once failed (the connection was closed without a PUBACK), once stored.
    await until(() => received.length >= count + 2, 5_000, "redelivery");
    expect(received.slice(count).every((r) => r.topic === seatTopic("edge-b"))).toBe(true);
    await device.endAsync(true);
  });

  it("serves MQTTS when certificates are configured, and stops without hanging on connected clients", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sitewatch-tls-"));
    const { certFile, keyFile } = selfSignedCert(dir);
    const secure = createEmbeddedTransport({
      mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
      tls: { certFile, keyFile },
      auth,
      metrics: createMetrics(),
      logger,
    });
    const got: string[] = [];
    secure.onMessage((topic) => {
      got.push(topic);
    });
    await secure.start();
    try {
      const device = await connect(a, {
        url: `mqtts://127.0.0.1:${secure.ports().mqtt}`,
        clientId: `${a.username}:tls`,
        rejectUnauthorized: false,
      });
      await device.publishAsync(seatTopic("edge-a"), payload("seatChange"), { qos: 1 });
      await until(() => got.length === 1, 2_000, "message over TLS");
      // Plain MQTT on the TLS port: the handshake fails and the connection closes without a CONNACK.
      const plain = mqtt.connect(`mqtt://127.0.0.1:${secure.ports().mqtt}`, {
        ...a,
        clientId: `${a.username}:plain`,
        reconnectPeriod: 0,
      });
      const outcome = await new Promise((resolve) => {
        plain.once("connect", () => resolve("connected"));
        plain.once("close", () => resolve("closed"));
      });
      plain.end(true);
      expect(outcome).toBe("closed");
    } finally {
      const started = Date.now();
      await secure.stop();
      expect(Date.now() - started).toBeLessThan(4_000);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
