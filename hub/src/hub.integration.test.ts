import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandAck,
  deviceCommandFilter,
  encodeMessage,
  examples,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "./auth/users.js";
import { Hub } from "./hub.js";
import { createLogger } from "./observability/logger.js";
import { testHubConfig } from "./testing/test-hub.js";

// The whole hub in one process, each seam real: REST over HTTP, enrolment, the embedded broker with
// device credentials, ingest into PGlite, Socket.IO push and a command round trip to the device.
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };
let dataDir: string;
let hub: Hub;
let base: string;
let token: string;
let device: MqttClient;
let dashboard: Socket;
let seq = 0;

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const envelope = () => ({ v: 1 as const, id: uuidv7(), seq: ++seq, ts: Date.now() });
const address = { site: "cafe-1", device: "edge-1", camera: "cam-1" };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-hub-"));
  const config = testHubConfig(dataDir);
  hub = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  token = "";
  const login = await api("/api/v1/auth/login", { body: ADMIN });
  expect(login.status).toBe(200);
  token = login.body.accessToken;
}, 60_000);

afterAll(async () => {
  dashboard?.disconnect();
  await device?.endAsync();
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("hub end to end", () => {
  it("configures a site, enrols a device and lets it connect with its own credentials only", async () => {
    expect((await api("/api/v1/sites", { body: { id: address.site, name: "Study Cafe" } })).status).toBe(201);
    const issued = await api(`/api/v1/sites/${address.site}/enrollment-tokens`, { body: {} });
    expect(issued.status).toBe(201);
    const saved = token;
    token = "";
    const enrolled = await api("/api/v1/devices/enroll", {
      body: { token: issued.body.token, deviceId: address.device },
    });
    token = saved;
    expect(enrolled.status).toBe(201);
    const { username, password } = enrolled.body.mqtt;
    const url = `mqtt://127.0.0.1:${hub.ports().mqtt}`;
    await expect(
      mqtt.connectAsync(url, { username, password: "wrong", reconnectPeriod: 0 }),
    ).rejects.toThrow();
    device = await mqtt.connectAsync(url, { username, password, clientId: username, reconnectPeriod: 0 });
    await device.subscribeAsync(deviceCommandFilter(address), { qos: 1 });
    const camera = await api(`/api/v1/sites/${address.site}/devices/${address.device}/cameras`, {
      body: { id: address.camera, name: "Hall", role: "seats" },
    });
    expect(camera.status).toBe(201);
    const polygon = [
      [0.1, 0.5],
      [0.3, 0.5],
      [0.3, 0.9],
      [0.1, 0.9],
    ];
    const seat = await api(`/api/v1/sites/${address.site}/seats`, {
      body: { id: "1A", device: address.device, camera: address.camera, polygon },
    });
    expect(seat.status).toBe(201);
  });

  it("pushes a seat change to the dashboard at once and stores it", async () => {
    dashboard = connectSocket(base, { auth: { token }, transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      dashboard.once("connect", resolve);
      dashboard.once("connect_error", reject);
    });
    const joined = await dashboard.emitWithAck("site:join", { site: address.site });
    expect(joined.ok).toBe(true);

    const pushed = new Promise<{ data: { seat: string; to: string } }>((resolve) =>
      dashboard.once("seat:change", resolve),
    );
    const change = {
      ...examples.seatChange,
      ...envelope(),
      seat: "1A",
      from: "empty" as const,
      to: "occupied" as const,
      at: Date.now(),
    };
    const sentAt = performance.now();
    await device.publishAsync(topicFor("seatChange", address), encodeMessage("seatChange", change), {
      qos: 1,
    });
    const received = await pushed;
    const latencyMs = performance.now() - sentAt;
    expect(received.data).toMatchObject({ seat: "1A", to: "occupied" });
    expect(latencyMs).toBeLessThan(1000);

    await hub.parts.ingest.flush();
    const map = await api(`/api/v1/sites/${address.site}/seat-map`);
    expect(map.body.seats).toEqual([expect.objectContaining({ seat: "1A", state: "occupied" })]);
    const history = await api(`/api/v1/sites/${address.site}/seats/1A/history`);
    expect(JSON.stringify(history.body)).toContain(change.id);
  });

  it("rejects a malformed payload, counts it, and keeps serving", async () => {
    await device.publishAsync(topicFor("seatChange", address), "{not json", { qos: 1 });
    await device.publishAsync(
      topicFor("health", address),
      encodeMessage("health", { ...examples.health, ...envelope() }),
      { qos: 1 },
    );
    await hub.parts.ingest.flush();
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/sitewatch_ingest_rejected_total\{reason="MALFORMED_JSON"\} 1/);
    const devices = await api(`/api/v1/sites/${address.site}/devices`);
    expect(devices.status).toBe(200);
    expect(JSON.stringify(devices.body)).toContain("cam-03");
  });

  it("relays a command to the device and returns its acknowledgement", async () => {
    device.on("message", (topic, payload) => {
      if (!topic.endsWith("/cmd/restart-pipeline")) return;
      const command = JSON.parse(payload.toString()) as { id: string };
      const ack: CommandAck = {
        ...envelope(),
        command: command.id,
        name: "restart-pipeline",
        status: "completed",
        result: { restarted: 1 },
      };
      void device.publishAsync(topicFor("commandAck", address), encodeMessage("commandAck", ack), { qos: 1 });
    });
    const outcome = await api(`/api/v1/sites/${address.site}/devices/${address.device}/commands`, {
      body: { name: "restart-pipeline", body: { camera: address.camera } },
    });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ status: "completed", result: { restarted: 1 } });
  });

  it("re-sends the stored configuration when the device comes back online", async () => {
    const pushed = new Promise<{ cameras: Array<{ camera: string; seats: Array<{ seat: string }> }> }>(
      (resolve) => {
        const onMessage = (topic: string, payload: Buffer) => {
          if (!topic.endsWith("/cmd/config-push")) return;
          device.off("message", onMessage);
          resolve(JSON.parse(payload.toString()));
        };
        device.on("message", onMessage);
      },
    );
    const online = { v: 1 as const, state: "online" as const, ts: Date.now() };
    await device.publishAsync(topicFor("availability", address), encodeMessage("availability", online), {
      qos: 1,
      retain: true,
    });
    const config = await pushed;
    expect(config.cameras).toEqual([
      expect.objectContaining({ camera: address.camera, seats: [expect.objectContaining({ seat: "1A" })] }),
    ]);
  });
});
