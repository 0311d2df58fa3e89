import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { deviceSettledTopic, topics } from "@sitewatch/shared-protocol";
import { type NatsServer, startNats } from "@sitewatch/testkit";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkDevicePassword } from "../auth/device-credentials.js";
import { devices } from "../db/schema/index.js";
import { startTestHub, type TestHub } from "../http/http.test-support.js";
import { type EnrolledDevice, enrolTestDevice, payload, until } from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createJetStreamTransport } from "./jetstream-transport.js";
import { type NatsConfigFiles, writeNatsConfig } from "./nats-files.js";
import type { MqttTransport } from "./transport.js";

// Devices come from the REST enrolment route, so the accounts carry the hashes enrolment stores.
const HUB = { username: "sitewatch-hub", password: "hub-password-for-nats-files" };
const SITE = "site-1";
let rest: TestHub;
let dir: string;
let files: NatsConfigFiles;
let nats: NatsServer;
let transport: MqttTransport;
let a: EnrolledDevice;
let b: EnrolledDevice;
let legacy: EnrolledDevice;
const received: string[] = [];
const clients: MqttClient[] = [];
const logger = createLogger("silent");

async function enrol(device: string): Promise<EnrolledDevice> {
  const t = await rest.call("POST", `/api/v1/sites/${SITE}/enrollment-tokens`, {
    token: rest.adminToken,
    json: {},
  });
  const r = await rest.call("POST", "/api/v1/devices/enroll", {
    json: { token: t.body.token, deviceId: device },
  });
  expect(r.status, r.text).toBe(201);
  return { site: SITE, device, username: r.body.mqtt.username, password: r.body.mqtt.password };
}

async function revoke(d: EnrolledDevice): Promise<void> {
  const path = `/api/v1/sites/${d.site}/devices/${d.device}/revoke`;
  const r = await rest.call("POST", path, { token: rest.adminToken, json: {} });
  expect(r.status, r.text).toBe(200);
}

const generate = () =>
  writeNatsConfig({ db: rest.database.db, dir, hubUser: HUB.username, hubPassword: HUB.password });

/** What an operator does after enrolling or revoking: regenerate, then SIGHUP (`--signal reload`). */
async function regenerateAndReload(): Promise<void> {
  files = await generate();
  const reloads = () => nats.output().split("Reloaded server configuration").length;
  const before = reloads();
  process.kill(Number((await readFile(join(dir, "nats.pid"), "utf8")).trim()), "SIGHUP");
  await until(() => reloads() > before, 10_000, "nats-server config reload");
}

beforeAll(async () => {
  rest = await startTestHub();
  await rest.call("POST", "/api/v1/sites", { token: rest.adminToken, json: { id: SITE, name: SITE } });
  a = await enrol("dev_a");
  b = await enrol("dev-b");
  await revoke(await enrol("gone"));
  // Inserted without nats_hash, like a device enrolled before the column existed.
  legacy = await enrolTestDevice(rest.database.db, "site-2", "old");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-nats-files-"));
  files = await generate();
  nats = await startNats({
    include: [files.accountsFile],
    extraConfig: [`pid_file: ${JSON.stringify(join(dir, "nats.pid"))}`],
  });
  transport = createJetStreamTransport({
    servers: [nats.url],
    ...HUB,
    stream: "SITEWATCH",
    consumer: "sitewatch-hub",
    logger,
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
  await rest?.close();
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

const refused = (d: EnrolledDevice) => expect(connectAs(d)).rejects.toThrow(/authori[sz]ed/i);
const gate = (d: EnrolledDevice) => topics.gateEntry({ site: d.site, device: d.device, camera: "c1" });

async function publishesToHub(d: EnrolledDevice): Promise<void> {
  const c = await connectAs(d);
  await c.publishAsync(gate(d), payload("gateEntry"), { qos: 1 });
  await until(() => received.includes(gate(d)), 10_000, `${d.username}'s event at the hub`);
}

describe("hub nats config on a real nats-server", () => {
  it("gives every active enrolled device an account, leaving out revoked and unhashed ones", async () => {
    const text = await readFile(files.accountsFile, "utf8");
    expect(files.devices).toBe(2);
    expect(files.skipped).toEqual([legacy.username]);
    expect(text).toContain(`user: "${a.username}"`);
    expect(text).not.toContain(`${SITE}.gone`);
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

  it("delivers a device its own delivery confirmations only", async () => {
    const devA = await connectAs(a);
    const devB = await connectAs(b);
    const toA: string[] = [];
    const toB: string[] = [];
    devA.on("message", (t) => toA.push(t));
    devB.on("message", (t) => toB.push(t));
    const settledB = deviceSettledTopic(b);
    await devA.subscribeAsync(settledB, { qos: 1 });
    await devB.subscribeAsync(settledB, { qos: 1 });
    await transport.publish(settledB, payload("settled"), { qos: 0 });
    await until(() => toB.length > 0, 5_000, "device B's confirmation");
    await sleep(300);
    expect(toB).toEqual([settledB]);
    expect(toA).toEqual([]);
    // Nor can another device confirm B's events: what A publishes there stays in A's account.
    await devA.publishAsync(settledB, payload("settled"), { qos: 1 });
    await sleep(300);
    expect(toB).toEqual([settledB]);
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
    await expect(connectAs({ ...a, password: "wrong" })).rejects.toThrow(/authori[sz]ed/i);
    await expect(connectAs({ ...a, username: `${SITE}.gone` })).rejects.toThrow(/authori[sz]ed/i);
  });

  it("drops a device revoked through REST once regenerated and reloaded, and takes it back re-keyed", async () => {
    const late = await enrol("late");
    await regenerateAndReload();
    const c = await connectAs(late);
    const closed = new Promise<void>((resolve) => c.once("close", () => resolve()));
    await revoke(late);
    await regenerateAndReload();
    await closed;
    await refused(late);
    const rekeyed = await enrol("late");
    expect(rekeyed.password).not.toBe(late.password);
    await regenerateAndReload();
    await refused(late);
    await publishesToHub(rekeyed);
  });

  it("includes a device enrolled before nats_hash once it logged in to the embedded broker", async () => {
    await refused(legacy);
    const natsHash = async () =>
      (await rest.database.db.select().from(devices).where(eq(devices.mqttUsername, legacy.username)))[0]
        ?.natsHash;
    expect(await checkDevicePassword(rest.database.db, legacy.username, "wrong", logger)).toBe(
      "bad-password",
    );
    expect(await natsHash()).toBeNull();
    expect(await checkDevicePassword(rest.database.db, legacy.username, legacy.password, logger)).toBe("ok");
    expect(bcrypt.compareSync(legacy.password, (await natsHash()) ?? "")).toBe(true);
    await regenerateAndReload();
    expect(files.skipped).toEqual([]);
    await publishesToHub(legacy);
  });
});
