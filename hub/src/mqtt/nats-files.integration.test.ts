import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { topics } from "@sitewatch/shared-protocol";
import { type NatsServer, startNats } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import {
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
  until,
} from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createJetStreamTransport } from "./jetstream-transport.js";
import { deviceNatsHash, type NatsConfigFiles, writeNatsConfig } from "./nats-files.js";
import type { MqttTransport } from "./transport.js";

const HUB = { username: "sitewatch-hub", password: "hub-password-for-nats-files" };
let database: Database;
let dir: string;
let files: NatsConfigFiles;
let nats: NatsServer;
let transport: MqttTransport;
let a: EnrolledDevice;
let b: EnrolledDevice;
const received: string[] = [];
const clients: MqttClient[] = [];

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  a = await enrolTestDevice(database.db, "site-1", "dev_a");
  b = await enrolTestDevice(database.db, "site-1", "dev-b");
  const revoked = await enrolTestDevice(database.db, "site-1", "gone", "revoked");
  const unhashed = await enrolTestDevice(database.db, "site-2", "old");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-nats-files-"));
  const hashes = new Map([a, b, revoked].map((d) => [d.username, deviceNatsHash(d.password)]));
  files = await writeNatsConfig({
    db: database.db,
    dir,
    hubUser: HUB.username,
    hubPassword: HUB.password,
    deviceHashes: hashes,
  });
  expect(files.skipped).toEqual([unhashed.username]);
  nats = await startNats({ include: [files.accountsFile] });
  transport = createJetStreamTransport({
    servers: [nats.url],
    ...HUB,
    stream: "SITEWATCH",
    consumer: "sitewatch-hub",
    logger: createLogger("silent"),
  });
  transport.onMessage(async (topic) => {
    received.push(topic);
  });
  await transport.start();
});

afterEach(() => {
  for (const c of clients.splice(0)) c.end(true);
});

afterAll(async () => {
  await transport?.stop();
  await nats?.stop();
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function connectAs(device: EnrolledDevice, clientId = device.username): Promise<MqttClient> {
  const c = await mqtt.connectAsync(nats.mqttUrl, {
    clientId,
    username: device.username,
    password: device.password,
    reconnectPeriod: 0,
  });
  c.on("error", () => {});
  clients.push(c);
  return c;
}

const gate = (d: EnrolledDevice) => topics.gateEntry({ site: d.site, device: d.device, camera: "c1" });

describe("hub nats config on a real nats-server", () => {
  it("gives every active, hashed device an account and leaves out revoked ones", async () => {
    const text = await readFile(files.accountsFile, "utf8");
    expect(files.devices).toBe(2);
    expect(text).toContain(`user: "${a.username}"`);
    expect(text).not.toContain("site-1.gone");
    expect(text).not.toContain(a.password);
  });

  it("carries a device's own events to the hub, and drops what it publishes as another device", async () => {
    const devA = await connectAs(a);
    await devA.publishAsync(gate(b), payload("gateEntry"), { qos: 1 });
    await devA.publishAsync(`sitewatch/v1/${a.site}/${a.device}/cmd/live-stop`, "{}", { qos: 1 });
    await devA.publishAsync(gate(a), payload("gateEntry"), { qos: 1 });
    await until(() => received.includes(gate(a)), 10_000, "device A's own event");
    await sleep(300);
    expect(received.filter((t) => t !== gate(a))).toEqual([]);
  });

  it("delivers a device its own commands only", async () => {
    const devA = await connectAs(a);
    const devB = await connectAs(b);
    const toA: string[] = [];
    const toB: string[] = [];
    devA.on("message", (t) => toA.push(t));
    devB.on("message", (t) => toB.push(t));
    await devA.subscribeAsync(`sitewatch/v1/${b.site}/${b.device}/cmd/+`, { qos: 1 });
    await devB.subscribeAsync(`sitewatch/v1/${b.site}/${b.device}/cmd/+`, { qos: 1 });
    const command = `sitewatch/v1/${b.site}/${b.device}/cmd/snapshot`;
    await transport.publish(command, "{}", { qos: 1 });
    await until(() => toB.length > 0, 5_000, "device B's command");
    await sleep(300);
    expect(toB).toEqual([command]);
    expect(toA).toEqual([]);
  });

  it("does not let device A's credentials take over device B's client id", async () => {
    const devB = await connectAs(b);
    let closed = false;
    devB.on("close", () => {
      closed = true;
    });
    const impostor = await connectAs(a, b.username);
    expect(impostor.connected).toBe(true);
    await sleep(1_500);
    expect(closed).toBe(false);
    await devB.publishAsync(gate(b), payload("gateEntry"), { qos: 1 });
    await until(() => received.includes(gate(b)), 10_000, "device B's event after the attempt");
  });

  it("refuses a wrong password and a revoked device", async () => {
    const connectWith = (username: string, password: string) =>
      mqtt.connectAsync(nats.mqttUrl, { clientId: username, username, password, reconnectPeriod: 0 });
    await expect(connectWith(a.username, "wrong")).rejects.toThrow(/authori[sz]ed/i);
    await expect(connectWith("site-1.gone", "anything")).rejects.toThrow(/authori[sz]ed/i);
  });
});
