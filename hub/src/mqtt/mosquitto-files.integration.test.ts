import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { collectMessages, type MosquittoBroker, nextMessage, startMosquitto } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import {
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
} from "../ingest/ingest.test-support.js";
import { hubClientId } from "./external-transport.js";
import { MOSQUITTO_LISTENER_SETTINGS, writeBrokerConfig } from "./mosquitto-files.js";

let database: Database;
let broker: MosquittoBroker;
let files: Awaited<ReturnType<typeof writeBrokerConfig>>;
let dir: string;
let a: EnrolledDevice;
let b: EnrolledDevice;
let revoked: EnrolledDevice;
const clients: MqttClient[] = [];
// One account per hub instance: with use_username_as_clientid the username is the client id.
const hubPassword = "hub-secret-for-tests";
const hubs = ["sitewatch-hub-1", "sitewatch-hub-2", "sitewatch-hub-3", "sitewatch-hub-4"];

async function connect(
  username: string,
  password: string,
  clientId = username,
  on: MosquittoBroker = broker,
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(on.url, {
    username,
    password,
    clientId,
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  a = await enrolTestDevice(database.db, "site-1", "edge-a");
  b = await enrolTestDevice(database.db, "site-1", "edge-b");
  revoked = await enrolTestDevice(database.db, "site-1", "edge-r", "revoked");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-broker-config-"));
  // Comma-separated, as `hub broker-config --hub-user` passes it through.
  files = await writeBrokerConfig({ db: database.db, dir, hubUser: hubs.join(","), hubPassword });
  expect(files.devices).toBe(2);
  broker = await startMosquitto({
    allowAnonymous: false,
    passwordFile: files.passwordFile,
    aclFile: files.aclFile,
    extraConfig: MOSQUITTO_LISTENER_SETTINGS,
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker?.stop();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("hub broker-config files on a real Mosquitto", () => {
  it("lists active devices and the hub, never a revoked device", async () => {
    const passwd = await readFile(join(dir, "sitewatch.passwd"), "utf8");
    for (const name of hubs) expect(passwd).toMatch(new RegExp(`^${name}:\\$7\\$101\\$`, "m"));
    expect(passwd).toContain(`${a.username}:$7$`);
    expect(passwd).not.toContain(revoked.username);
    const acl = await readFile(join(dir, "sitewatch.acl"), "utf8");
    expect(acl).toContain(`topic read sitewatch/v1/site-1/edge-a/cmd/+`);
    expect(acl).toContain(`topic read sitewatch/v1/site-1/edge-a/settled`);
    expect(acl).not.toMatch(/topic (write|readwrite) sitewatch\/v1\/site-1\/edge-a\/(cmd|settled)/);
  });

  it("lets a device publish its own events and receive its own commands", async () => {
    const hubClient = await connect("sitewatch-hub-1", hubPassword);
    await hubClient.subscribeAsync("sitewatch/#", { qos: 1 });
    const device = await connect(a.username, a.password);
    const granted = await device.subscribeAsync(`sitewatch/v1/site-1/edge-a/cmd/+`, { qos: 1 });
    expect(granted[0]?.qos).toBe(1);

    const topic = topics.seatChange({ site: "site-1", device: "edge-a", camera: "cam-1" });
    const atHub = nextMessage(hubClient, { topic });
    await device.publishAsync(topic, payload("seatChange"), { qos: 1 });
    expect((await atHub).topic).toBe(topic);

    const command = topics.snapshotRequest({ site: "site-1", device: "edge-a" });
    const atDevice = nextMessage(device, { topic: command });
    await hubClient.publishAsync(command, payload("snapshotRequest"), { qos: 1 });
    expect((await atDevice).topic).toBe(command);

    const settled = topics.settled({ site: "site-1", device: "edge-a" });
    await device.subscribeAsync(settled, { qos: 1 });
    const confirmation = nextMessage(device, { topic: settled });
    await hubClient.publishAsync(settled, payload("settled"), { qos: 0 });
    expect((await confirmation).topic).toBe(settled);
  });

  it("drops a device's publishes to another device's topics and to its own command topics", async () => {
    const hubClient = await connect("sitewatch-hub-2", hubPassword);
    await hubClient.subscribeAsync("sitewatch/#", { qos: 1 });
    const seen = collectMessages(hubClient);
    const device = await connect(a.username, a.password, `${a.username}:second`);
    const foreign = topics.seatChange({ site: "site-1", device: "edge-b", camera: "cam-1" });
    const ownCommand = topics.configPush({ site: "site-1", device: "edge-a" });
    const allowed = topics.health({ site: "site-1", device: "edge-a" });
    // MQTT 5 lets Mosquitto say so in the PUBACK; the message is dropped either way.
    await expect(device.publishAsync(foreign, payload("seatChange"), { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
    await expect(device.publishAsync(ownCommand, payload("configPush"), { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
    const ownSettled = topics.settled({ site: "site-1", device: "edge-a" });
    await expect(device.publishAsync(ownSettled, payload("settled"), { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
    const marker = nextMessage(hubClient, { topic: allowed });
    await device.publishAsync(allowed, payload("health"), { qos: 1 });
    await marker;
    // One publisher's messages arrive in order, so the refused ones would have come before the marker.
    expect(seen.messages.map((m) => m.topic)).toEqual([allowed]);
    seen.stop();
  });

  it("does not deliver another device's commands", async () => {
    const hubClient = await connect("sitewatch-hub-3", hubPassword);
    const device = await connect(b.username, b.password);
    // Mosquitto 2.0 grants the subscription and checks read access per message at delivery.
    await device.subscribeAsync(["sitewatch/v1/site-1/edge-a/cmd/+", "sitewatch/v1/site-1/edge-b/cmd/+"], {
      qos: 1,
    });
    const seen = collectMessages(device);
    const own = topics.snapshotRequest({ site: "site-1", device: "edge-b" });
    const marker = nextMessage(device, { topic: own });
    await hubClient.publishAsync(
      topics.snapshotRequest({ site: "site-1", device: "edge-a" }),
      payload("snapshotRequest"),
      {
        qos: 1,
      },
    );
    await hubClient.publishAsync(own, payload("snapshotRequest"), { qos: 1 });
    await marker;
    expect(seen.messages.map((m) => m.topic)).toEqual([own]);
    seen.stop();
  });

  it("refuses a wrong password and a revoked device", async () => {
    await expect(connect(a.username, "not-the-password", "x1")).rejects.toThrow(/not authorized|bad user/i);
    await expect(connect(revoked.username, revoked.password, "x2")).rejects.toThrow(
      /not authorized|bad user/i,
    );
  });
});

describe("client ids on Mosquitto (use_username_as_clientid)", () => {
  it("a device connecting with another device's client id does not disconnect it", async () => {
    const hubClient = await connect("sitewatch-hub-4", hubPassword);
    const victim = await connect(b.username, b.password);
    await victim.subscribeAsync("sitewatch/v1/site-1/edge-b/cmd/+", { qos: 1 });
    let closed = false;
    victim.once("close", () => {
      closed = true;
    });
    // The finding: `mosquitto_sub -u site-1.edge-a -P … -i site-1.edge-b` took edge-b's session over.
    const intruder = await connect(a.username, a.password, b.username);
    expect(intruder.connected).toBe(true);
    const command = topics.snapshotRequest({ site: "site-1", device: "edge-b" });
    const atVictim = nextMessage(victim, { topic: command });
    await hubClient.publishAsync(command, payload("snapshotRequest"), { qos: 1 });
    expect((await atVictim).topic).toBe(command);
    expect(closed).toBe(false);
    expect(victim.connected).toBe(true);
  });

  it("hub instances with their own accounts stay connected even on one configured client id", async () => {
    const sameId = hubClientId("misconfigured");
    const one = await connect("sitewatch-hub-1", hubPassword, sameId);
    const two = await connect("sitewatch-hub-2", hubPassword, sameId);
    await one.subscribeAsync("sitewatch/v1/site-1/+/health", { qos: 1 });
    const health = topics.health({ site: "site-1", device: "edge-a" });
    const device = await connect(a.username, a.password);
    const arrives = nextMessage(one, { topic: health });
    await device.publishAsync(health, payload("health"), { qos: 1 });
    await arrives;
    expect(one.connected && two.connected).toBe(true);
  });

  it("without the listener settings (the old config), the same CONNECT takes the session over", async () => {
    const plain = await startMosquitto({
      allowAnonymous: false,
      passwordFile: files.passwordFile,
      aclFile: files.aclFile,
    });
    try {
      const victim = await connect(b.username, b.password, b.username, plain);
      const closed = new Promise<void>((resolve) => victim.once("close", () => resolve()));
      await connect(a.username, a.password, b.username, plain);
      await closed;
    } finally {
      await plain.stop();
    }
  });

  it("refuses hub account names that a device could claim by enrolment", async () => {
    await expect(
      writeBrokerConfig({ db: database.db, dir, hubUser: "site-1.edge-z", hubPassword }),
    ).rejects.toThrow(/looks like a device username/);
    await expect(writeBrokerConfig({ db: database.db, dir, hubUser: " , ", hubPassword })).rejects.toThrow(
      /at least one hub account/,
    );
  });
});
