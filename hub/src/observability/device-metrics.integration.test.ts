import { encodeMessage, examples, type Health, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../testing/test-hub.js";
import { parseExposition, samplesOf } from "./exposition.test-support.js";

// The whole path of a heartbeat: MQTT publish → ingest → domain event → /metrics, read back by a strict
// parser of the exposition format; then availability and revocation through the hub's own seams.
let hub: TestHub;
let device: MqttClient;
const address = { site: "cafe-1", device: "edge-7" };
let seq = 0;

beforeAll(async () => {
  hub = await startTestHub({ site: address.site });
  const token = await hub.newToken();
  const enrolled = (await hub.api("/api/v1/devices/enroll", { token, deviceId: address.device })) as {
    mqtt: { username: string; password: string };
  };
  const { username, password } = enrolled.mqtt;
  device = await mqtt.connectAsync(hub.mqttUrl, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
}, 60_000);

afterAll(async () => {
  await device?.endAsync();
  await hub?.close();
});

async function scrape() {
  const response = await fetch(`${hub.url}/metrics`);
  // Prometheus takes text/plain as the text format (0.0.4), with or without the version parameter.
  expect(response.headers.get("content-type")).toMatch(/^text\/plain\b/);
  return parseExposition(await response.text());
}

const values = async (name: string) =>
  samplesOf(await scrape(), name, address).map((s) => ({ ...s.labels, value: s.value }));

async function sendHeartbeat(outboxDepth: number): Promise<void> {
  seq += 1;
  const health: Health = { ...examples.health, id: uuidv7(), seq, ts: Date.now(), outboxDepth };
  await device.publishAsync(topicFor("health", address), encodeMessage("health", health), { qos: 1 });
}

describe("heartbeat series on a running hub", () => {
  it("has none before the device's first heartbeat", async () => {
    expect(await values("sitewatch_camera_fps")).toEqual([]);
    expect(await values("sitewatch_device_outbox_events")).toEqual([]);
  });

  it("shows a heartbeat's outbox backlog and camera figures", async () => {
    await sendHeartbeat(17);
    await expect
      .poll(() => values("sitewatch_device_outbox_events"), { timeout: 5_000 })
      .toEqual([{ ...address, value: 17 }]);
    const camera = examples.health.cameras[0];
    expect(await values("sitewatch_camera_fps")).toEqual([
      { ...address, camera: camera?.camera, value: camera?.fps },
    ]);
    expect(await values("sitewatch_camera_inference_seconds")).toEqual([
      { ...address, camera: camera?.camera, value: (camera?.inferenceMs ?? 0) / 1000 },
    ]);
    expect(await values("sitewatch_device_online")).toEqual([{ ...address, value: 1 }]);
  });

  it("marks the device offline on its availability message and drops its figures", async () => {
    const offline = encodeMessage("availability", { v: 1, state: "offline", ts: Date.now() });
    await device.publishAsync(topicFor("availability", address), offline, { qos: 1, retain: true });
    await expect
      .poll(() => values("sitewatch_device_online"), { timeout: 5_000 })
      .toEqual([{ ...address, value: 0 }]);
    expect(await values("sitewatch_camera_fps")).toEqual([]);
    await sendHeartbeat(3);
    await expect
      .poll(() => values("sitewatch_device_outbox_events"), { timeout: 5_000 })
      .toEqual([{ ...address, value: 3 }]);
  });

  it("removes every series of the device when an admin revokes it", async () => {
    await hub.api(`/api/v1/sites/${address.site}/devices/${address.device}/revoke`, {});
    const m = await scrape();
    for (const name of [
      "sitewatch_device_online",
      "sitewatch_device_outbox_events",
      "sitewatch_camera_fps",
    ]) {
      expect(samplesOf(m, name, address), name).toEqual([]);
    }
  });
});
