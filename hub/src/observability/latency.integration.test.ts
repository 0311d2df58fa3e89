import { encodeMessage, examples, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../testing/test-hub.js";

// The whole path a stamped seat change takes: MQTT publish → ingest → /metrics histogram and the
// device view's rolling window, on a real hub.
let hub: TestHub;
let device: MqttClient;
const address = { site: "cafe-1", device: "edge-1", camera: "cam-1" };

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

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : Number.NaN;
}

const devicePath = `/api/v1/sites/${address.site}/devices/${address.device}`;
type Latency = { captureToHubMs: { p50: number; p95: number; max: number; samples: number } | null };

describe("end-to-end latency at the hub", () => {
  it("has no figures before a stamped seat change", async () => {
    const view = (await hub.api(devicePath)) as { latency: Latency };
    expect(view.latency).toEqual({ captureToHubMs: null });
    expect(await metric("sitewatch_e2e_capture_to_hub_seconds_count")).toBe(0);
  });

  it("measures capture → hub for a seat change stamped 250 ms ago", async () => {
    const capturedAt = Date.now() - 250;
    const change = {
      ...examples.seatChange,
      v: 1 as const,
      id: uuidv7(),
      seq: 1,
      ts: Date.now(),
      at: capturedAt,
      capturedAt,
    };
    await device.publishAsync(topicFor("seatChange", address), encodeMessage("seatChange", change), {
      qos: 1,
    });
    await expect.poll(() => metric("sitewatch_e2e_capture_to_hub_seconds_count"), { timeout: 5_000 }).toBe(1);
    const sum = await metric("sitewatch_e2e_capture_to_hub_seconds_sum");
    // Same machine, same clock: 250 ms plus the local publish, at most a few tens of ms.
    expect(sum).toBeGreaterThanOrEqual(0.25);
    expect(sum).toBeLessThan(0.4);
    expect(await metric("sitewatch_e2e_hub_to_dashboard_emit_seconds_count")).toBe(1);
    expect(await metric("sitewatch_e2e_clock_skew_total")).toBe(0);

    const view = (await hub.api(devicePath)) as { latency: Latency };
    const figures = view.latency.captureToHubMs;
    expect(figures?.samples).toBe(1);
    expect(figures?.p50).toBeGreaterThanOrEqual(250);
    expect(figures?.p50).toBeLessThan(400);
    const list = (await hub.api(`/api/v1/sites/${address.site}/devices`)) as {
      devices: { id: string; latency: Latency }[];
    };
    expect(list.devices.find((d) => d.id === address.device)?.latency).toEqual(view.latency);
  });

  it("counts a capture from the hub's future as clock skew and clamps it to 0", async () => {
    const capturedAt = Date.now() + 60_000;
    const change = {
      ...examples.seatChange,
      v: 1 as const,
      id: uuidv7(),
      seq: 2,
      ts: Date.now(),
      from: "occupied" as const,
      to: "empty" as const,
      at: Date.now(),
      capturedAt,
    };
    await device.publishAsync(topicFor("seatChange", address), encodeMessage("seatChange", change), {
      qos: 1,
    });
    await expect.poll(() => metric("sitewatch_e2e_clock_skew_total"), { timeout: 5_000 }).toBe(1);
    const view = (await hub.api(devicePath)) as { latency: Latency };
    expect(view.latency.captureToHubMs).toMatchObject({ samples: 2, max: expect.any(Number) });
    expect(view.latency.captureToHubMs?.max).toBeLessThan(400);
  });
});
