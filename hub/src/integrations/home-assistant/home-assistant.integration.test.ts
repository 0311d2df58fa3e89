import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { nextMessage, type ReceivedMessage } from "@sitewatch/testkit";
import { and, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, seats } from "../../db/schema/index.js";
import { Hub } from "../../hub.js";
import { type EnrolledDevice, enrolTestDevice, payload, until } from "../../ingest/ingest.test-support.js";
import { createLogger } from "../../observability/logger.js";
import { testHubConfig } from "../../testing/test-hub.js";
import { haSchemaOf, parseDiscoveryTopic } from "./ha-discovery-schema.test-support.js";

// A whole hub with Home Assistant discovery on, read by a real MQTT client logged in with the
// read-only integrator account and subscribed the way Home Assistant subscribes: discovery first, then
// every state and availability topic the configs name.
const INTEGRATOR = { username: "home-assistant", password: "integrator-secret-1" };
const SITE = "cafe-1";
const address = { site: SITE, device: "edge-1", camera: "front" };
const gateAddress = { ...address, camera: "gate" };
let dataDir: string;
let hub: Hub;
let device: EnrolledDevice;
let agent: MqttClient;
let ha: MqttClient;
/** Every topic's latest message, as a retained-message store (an empty payload deletes). */
const retained = new Map<string, ReceivedMessage>();
let seq = 100;

const json = (topic: string) => retained.get(topic)?.json() as Record<string, unknown> | undefined;
const configs = () =>
  [...retained.entries()].filter(
    ([topic]) => topic.startsWith("homeassistant/") && topic.endsWith("/config"),
  );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-ha-"));
  const config = testHubConfig(dataDir, {
    HUB_HOME_ASSISTANT: "true",
    HUB_INTEGRATOR_USERNAME: INTEGRATOR.username,
    HUB_INTEGRATOR_PASSWORD: INTEGRATOR.password,
  });
  hub = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  const db = hub.parts.database.db;
  device = await enrolTestDevice(db, SITE, address.device);
  await db.insert(cameras).values([
    { siteId: SITE, deviceId: address.device, id: "front", name: "Front room", role: "seats" },
    { siteId: SITE, deviceId: address.device, id: "gate", name: "Gate", role: "gate" },
  ]);
  const polygon: Array<[number, number]> = [
    [0, 0],
    [0.2, 0],
    [0.2, 0.2],
  ];
  await db
    .insert(seats)
    .values(
      ["1A", "1B"].map((id) => ({ siteId: SITE, id, deviceId: address.device, cameraId: "front", polygon })),
    );
  await hub.parts.integrations.homeAssistant?.resync();
  const url = `mqtt://127.0.0.1:${hub.ports().mqtt}`;
  ha = await mqtt.connectAsync(url, { ...INTEGRATOR, clientId: "ha", reconnectPeriod: 0 });
  ha.on("message", (topic, body, packet) => {
    if (body.length === 0) retained.delete(topic);
    else
      retained.set(topic, {
        topic,
        payload: body,
        qos: packet.qos,
        retain: packet.retain,
        json: () => JSON.parse(body.toString()),
      });
  });
  await ha.subscribeAsync("homeassistant/#", { qos: 1 });
  await until(() => configs().length === 8, 5_000, "8 discovery configs");
  // Home Assistant subscribes to what the configs name; the integrator account may read all of it.
  const named = new Set<string>();
  for (const [, message] of configs()) {
    const c = message.json() as { state_topic: string; availability: Array<{ topic: string }> };
    named.add(c.state_topic);
    for (const a of c.availability) named.add(a.topic);
  }
  const granted = await ha.subscribeAsync([...named], { qos: 1 });
  expect(granted.every((g) => g.qos === 1)).toBe(true);
  agent = await mqtt.connectAsync(url, {
    username: device.username,
    password: device.password,
    clientId: device.username,
  });
}, 60_000);

afterAll(async () => {
  await agent?.endAsync(true);
  await ha?.endAsync(true);
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Home Assistant discovery from a running hub", () => {
  it("announces every seat, camera, gate and device with configs that fit Home Assistant's schema", () => {
    for (const [topic, message] of configs()) {
      expect(message.retain, topic).toBe(true);
      const parsed = parseDiscoveryTopic("homeassistant", topic);
      const schema = haSchemaOf(parsed?.component ?? "");
      expect(schema?.safeParse(message.json()).error?.issues ?? [], topic).toEqual([]);
    }
    const occupancy = json("homeassistant/binary_sensor/sitewatch/seat_occupancy_cafe-1_1A/config");
    expect(occupancy).toMatchObject({
      device_class: "occupancy",
      state_topic: "sitewatch/ha/cafe-1/seat/1A",
    });
    expect(json("homeassistant/sensor/sitewatch/gate_container_cafe-1_edge-1_gate/config")).toMatchObject({
      name: "Gate last container",
    });
  });

  it("publishes retained states: the hub online, the device offline, seats unknown", async () => {
    await until(() => retained.has("sitewatch/ha/cafe-1/seat/1B"), 5_000, "seat states");
    expect(retained.get("sitewatch/ha/status")?.payload.toString()).toBe("online");
    expect(retained.get("sitewatch/ha/cafe-1/device/edge-1/availability")?.payload.toString()).toBe(
      "offline",
    );
    expect(json("sitewatch/ha/cafe-1/seat/1A")).toMatchObject({ state: "unknown", occupancy: null });
    expect(json("sitewatch/ha/cafe-1/device/edge-1/cam/front/state")).toEqual({
      state: "unknown",
      reason: null,
    });
  });

  it("follows the device: availability, a seat change, a camera's state and a gate entry", async () => {
    const publish = (topic: string, body: string) => agent.publishAsync(topic, body, { qos: 1 });
    await publish(topics.availability(address), payload("availability"));
    await publish(topics.seatChange(address), payload("seatChange", { seq: ++seq }));
    await publish(
      topics.cameraStatus(address),
      payload("cameraStatus", { seq: ++seq, state: "streaming", reason: undefined }),
    );
    await publish(topics.gateEntry(gateAddress), payload("gateEntry", { seq: ++seq }));
    await until(() => json("sitewatch/ha/cafe-1/seat/1A")?.state === "occupied", 5_000, "seat 1A occupied");
    expect(json("sitewatch/ha/cafe-1/seat/1A")).toMatchObject({ occupancy: "ON", camera: "front" });
    await until(
      () => retained.get("sitewatch/ha/cafe-1/device/edge-1/availability")?.payload.toString() === "online",
    );
    await until(() => json("sitewatch/ha/cafe-1/device/edge-1/cam/front/state")?.state === "streaming");
    await until(() => json("sitewatch/ha/cafe-1/device/edge-1/cam/gate/gate")?.number === "CSQU3054383");
    expect(json("sitewatch/ha/cafe-1/device/edge-1/cam/gate/gate")).toMatchObject({
      direction: "in",
      checkDigitValid: true,
    });
  });

  it("clears a removed seat's config and state when the device restates its seats", async () => {
    const db = hub.parts.database.db;
    await db.delete(seats).where(and(eq(seats.siteId, SITE), eq(seats.id, "1B")));
    const snapshot = payload("seatSnapshot", {
      seq: ++seq,
      seats: [{ seat: "1A", state: "empty", since: Date.now(), confidence: 0.9 }],
    });
    await agent.publishAsync(topics.seatSnapshot(address), snapshot, { qos: 1 });
    await until(
      () => !retained.has("homeassistant/sensor/sitewatch/seat_state_cafe-1_1B/config"),
      5_000,
      "1B gone",
    );
    expect(retained.has("homeassistant/binary_sensor/sitewatch/seat_occupancy_cafe-1_1B/config")).toBe(false);
    expect(retained.has("sitewatch/ha/cafe-1/seat/1B")).toBe(false);
    expect(json("sitewatch/ha/cafe-1/seat/1A")).toMatchObject({ state: "empty", occupancy: "OFF" });
    expect(configs()).toHaveLength(6);
    // A new subscriber (Home Assistant restarting) finds the same: 1B's retained config is gone.
    const late = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
      ...INTEGRATOR,
      clientId: "ha-late",
    });
    const seen: string[] = [];
    late.on("message", (topic) => seen.push(topic));
    await late.subscribeAsync("homeassistant/#", { qos: 1 });
    await until(() => seen.length === 6, 5_000, "6 retained configs");
    expect(seen.some((t) => t.includes("_1B/"))).toBe(false);
    await late.endAsync(true);
    expect(existsSync(join(dataDir, "home-assistant.json"))).toBe(true);
  });

  it("marks the hub offline when it stops", async () => {
    const offline = nextMessage(ha, { topic: "sitewatch/ha/status" });
    await hub.parts.integrations.stop();
    expect((await offline).payload.toString()).toBe("offline");
  });
});
