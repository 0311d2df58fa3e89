import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { collectMessages, type MosquittoBroker, nextMessage, startMosquitto } from "@sitewatch/testkit";
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
import { MOSQUITTO_LISTENER_SETTINGS, writeBrokerConfig } from "./mosquitto-files.js";

// `hub broker-config` with the integrator account and Home Assistant discovery on, loaded into a real
// Mosquitto: the integrator reads state topics only, the hub may write below the discovery prefix.
const HUB = { username: "sitewatch-hub", password: "hub-secret-for-tests" };
const INTEGRATOR = { username: "home-assistant", password: "integrator-secret-1" };
const homeAssistant = { discoveryPrefix: "homeassistant", stateRoot: HOME_ASSISTANT_STATE_ROOT };
let database: Database;
let broker: MosquittoBroker;
let dir: string;
let device: EnrolledDevice;
const clients: MqttClient[] = [];
const camera = { site: "site-1", device: "edge-a", camera: "cam-1" };

async function connect(user: { username: string; password: string }): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, {
    ...user,
    clientId: user.username,
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  device = await enrolTestDevice(database.db, "site-1", "edge-a");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-integrator-"));
  const files = await writeBrokerConfig({
    db: database.db,
    dir,
    hubUser: HUB.username,
    hubPassword: HUB.password,
    integrator: INTEGRATOR,
    homeAssistant,
  });
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

describe("hub broker-config: the integrator account on a real Mosquitto", () => {
  it("writes read-only lines for it and lets the hub write below the discovery prefix", async () => {
    const acl = await readFile(join(dir, "sitewatch.acl"), "utf8");
    const section = acl.split("\n\n").find((s) => s.includes(`user ${INTEGRATOR.username}`)) ?? "";
    expect(section).toContain("topic read sitewatch/v1/+/+/cam/+/seats/change");
    expect(section).toContain("topic read homeassistant/#");
    // Writing only Home Assistant's birth message, nothing else.
    expect(section.match(/topic (write|readwrite) .*/g)).toEqual(["topic write homeassistant/status"]);
    expect(section).not.toMatch(/cmd|settled|live\/frame/);
    expect(acl).toContain("topic readwrite homeassistant/#");
    expect(await readFile(join(dir, "sitewatch.passwd"), "utf8")).toMatch(/^home-assistant:\$7\$/m);
  });

  it("delivers state topics and the hub's discovery to it, never commands", async () => {
    const hub = await connect(HUB);
    const reader = await connect(INTEGRATOR);
    await reader.subscribeAsync(
      ["sitewatch/v1/+/+/cam/+/seats/change", "sitewatch/v1/site-1/edge-a/cmd/+", "homeassistant/#"],
      { qos: 1 },
    );
    const seen = collectMessages(reader);
    const publisher = await connect(device);
    await hub.publishAsync(topics.configPush(camera), payload("configPush"), { qos: 1 });
    const seat = topics.seatChange(camera);
    const arrives = nextMessage(reader, { topic: seat });
    await publisher.publishAsync(seat, payload("seatChange"), { qos: 1 });
    await arrives;
    const config = "homeassistant/binary_sensor/sitewatch/seat_occupancy_site-1_1A/config";
    const discovery = nextMessage(reader, { topic: config });
    await hub.publishAsync(config, "{}", { qos: 1, retain: true });
    expect((await discovery).payload.toString()).toBe("{}");
    expect(seen.messages.map((m) => m.topic)).toEqual([seat, config]);
  });

  it("drops what it publishes (not authorized), to commands and state topics alike, but HA's birth message", async () => {
    const watcher = await connect(device);
    await watcher.subscribeAsync("sitewatch/v1/site-1/edge-a/cmd/+", { qos: 1 });
    const seen = collectMessages(watcher);
    const writer = await connect({ ...INTEGRATOR });
    await expect(
      writer.publishAsync(topics.configPush(camera), payload("configPush"), { qos: 1 }),
    ).rejects.toThrow(/not authorized/i);
    await expect(
      writer.publishAsync(topics.seatChange(camera), payload("seatChange"), { qos: 1 }),
    ).rejects.toThrow(/not authorized/i);
    await expect(writer.publishAsync("homeassistant/other", "x", { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
    expect(seen.messages).toEqual([]);
    // Home Assistant's birth message is the one thing it may publish.
    await expect(writer.publishAsync("homeassistant/status", "online", { qos: 1 })).resolves.toBeDefined();
  });

  it("refuses an integrator name a device or the hub already has", async () => {
    const write = (username: string) =>
      writeBrokerConfig({
        db: database.db,
        dir,
        hubUser: HUB.username,
        hubPassword: HUB.password,
        integrator: { username, password: "x".repeat(12) },
      });
    await expect(write("site-1.edge-a")).rejects.toThrow(/clashes/);
    await expect(write(HUB.username)).rejects.toThrow(/clashes/);
  });
});
