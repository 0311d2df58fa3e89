import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ClientToServerEvents,
  encodeMessage,
  examples,
  type HubAlert,
  type ServerToClientEvents,
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

// Alerts through the whole hub: a real device publishes over MQTT, ingest accepts, the alert engine
// raises, a real Socket.IO dashboard receives, and acknowledgements travel over Socket.IO and REST.
type Dashboard = Socket<ServerToClientEvents, ClientToServerEvents>;
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };
const MANAGER = { email: "other@example.com", password: "correct-horse-battery" };
const address = { site: "cafe-1", device: "edge-1", camera: "cam-1" };
let dataDir: string;
let hub: Hub;
let base: string;
const tokens: Record<string, string> = {};
let device: MqttClient;
const dashboards: Dashboard[] = [];
let seq = 0;

async function api(path: string, init: { method?: string; body?: unknown; as?: string } = {}) {
  const token = tokens[init.as ?? "admin"];
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function dashboard(as: string, site: string): Promise<{ socket: Dashboard; raised: HubAlert[] }> {
  const socket: Dashboard = connectSocket(base, {
    auth: { token: tokens[as] },
    transports: ["websocket"],
    reconnection: false,
  });
  dashboards.push(socket);
  const raised: HubAlert[] = [];
  socket.on("alert:raised", (alert) => raised.push(alert));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  if (site)
    expect(await socket.timeout(5_000).emitWithAck("site:join", { site })).toMatchObject({ ok: true });
  return { socket, raised };
}

function next(socket: Dashboard, event: "alert:raised" | "alert:resolved", match: (a: HubAlert) => boolean) {
  return new Promise<HubAlert>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    const listener = (alert: HubAlert) => {
      if (!match(alert)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(alert);
    };
    socket.on(event, listener);
  });
}

const publish = async (kind: "seatChange" | "availability", message: object) =>
  device.publishAsync(topicFor(kind, address), encodeMessage(kind, message as never), { qos: 1 });

const seatChange = (from: string, to: string, at: number) => ({
  ...examples.seatChange,
  v: 1,
  id: uuidv7(),
  seq: ++seq,
  ts: Date.now(),
  seat: "1A",
  from,
  to,
  at,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-hub-alerts-"));
  const config = testHubConfig(dataDir);
  // A short tick, so a seat configured after start is picked up quickly.
  hub = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true, alerts: { tickMs: 200 } });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  const { db } = hub.parts.database;
  await createUser(db, { ...ADMIN, role: "admin" });
  tokens.admin = (await api("/api/v1/auth/login", { body: ADMIN })).body.accessToken;

  const created = await api("/api/v1/sites", {
    body: { id: address.site, name: "Cafe", alertHeldMinutes: 1 },
  });
  expect(created.body).toMatchObject({ alertHeldMinutes: 1, alertVacantHours: 4 });
  expect((await api("/api/v1/sites", { body: { id: "cafe-2", name: "Other" } })).status).toBe(201);
  await createUser(db, { ...MANAGER, role: "site_manager", sites: ["cafe-2"] });
  tokens.manager = (await api("/api/v1/auth/login", { body: MANAGER })).body.accessToken;

  const issued = await api(`/api/v1/sites/${address.site}/enrollment-tokens`, { body: {} });
  const enrolled = await api("/api/v1/devices/enroll", {
    as: "none",
    body: { token: issued.body.token, deviceId: address.device },
  });
  const { username, password } = enrolled.body.mqtt;
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
  await api(`/api/v1/sites/${address.site}/devices/${address.device}/cameras`, {
    body: { id: address.camera, name: "Hall", role: "seats" },
  });
  const polygon = [
    [0.1, 0.5],
    [0.3, 0.5],
    [0.3, 0.9],
  ];
  const seat = await api(`/api/v1/sites/${address.site}/seats`, {
    body: { id: "1A", device: address.device, camera: address.camera, polygon },
  });
  expect(seat.status).toBe(201);
}, 60_000);

afterAll(async () => {
  for (const d of dashboards) d.disconnect();
  await device?.endAsync();
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("alerts through the hub", () => {
  let held: HubAlert;

  it("validates the site thresholds", async () => {
    const bad = await api(`/api/v1/sites/${address.site}`, {
      method: "PATCH",
      body: { alertHeldMinutes: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect((await api(`/api/v1/sites/${address.site}`)).body).toMatchObject({ alertHeldMinutes: 1 });
  });

  it("raises seat-held when a seat stays held longer than the site's threshold", async () => {
    const { socket } = await dashboard("admin", address.site);
    const raised = next(socket, "alert:raised", (a) => a.kind === "seat-held");
    const at = Date.now() - 2 * 60_000;
    await publish("seatChange", seatChange("empty", "held", at));
    held = await raised;
    expect(held).toMatchObject({ site: address.site, subject: "1A", since: at });
    expect(held.acknowledgedAt).toBeUndefined();
    expect(held.resolvedAt).toBeUndefined();
    expect(held.raisedAt).toBeGreaterThanOrEqual(at);
    // REST lists the very object the socket pushed: same fields, epoch ms.
    const open = await api(`/api/v1/sites/${address.site}/alerts`);
    expect(open.body.alerts).toEqual([held]);
  });

  it("sends open alerts to a dashboard that joins later", async () => {
    const { raised } = await dashboard("admin", address.site);
    expect(raised.map((a) => a.id)).toEqual([held.id]);
  });

  it("refuses another site's manager over REST and Socket.IO", async () => {
    const rest = await api(`/api/v1/sites/${address.site}/alerts/${held.id}/acknowledge`, {
      method: "POST",
      as: "manager",
    });
    expect(rest.status).toBe(403);
    const ownSite = await api(`/api/v1/sites/cafe-2/alerts/${held.id}/acknowledge`, {
      method: "POST",
      as: "manager",
    });
    expect(ownSite.status).toBe(404);
    expect((await api(`/api/v1/sites/${address.site}/alerts`, { as: "manager" })).status).toBe(403);
    const { socket } = await dashboard("manager", "");
    const refused = await socket.timeout(5_000).emitWithAck("alert:acknowledge", { id: held.id });
    expect(refused).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const [row] = (await api(`/api/v1/sites/${address.site}/alerts`)).body.alerts;
    expect(row).toEqual(held);
  });

  it("refuses acknowledging with a read-only API token", async () => {
    const created = await api("/api/v1/tokens", { body: { name: "grafana", scope: "read" } });
    expect(created.status).toBe(201);
    tokens.reader = created.body.token;
    const { socket } = await dashboard("reader", address.site);
    const refused = await socket.timeout(5_000).emitWithAck("alert:acknowledge", { id: held.id });
    expect(refused).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const [row] = (await api(`/api/v1/sites/${address.site}/alerts`)).body.alerts;
    expect(row.acknowledgedAt).toBeUndefined();
  });

  it("acknowledges over Socket.IO and pushes the acknowledged alert to the site", async () => {
    const { socket } = await dashboard("admin", address.site);
    const pushed = next(socket, "alert:raised", (a) => a.id === held.id && a.acknowledgedAt !== undefined);
    expect(await socket.timeout(5_000).emitWithAck("alert:acknowledge", { id: held.id })).toEqual({
      ok: true,
    });
    expect(await pushed).toMatchObject({ id: held.id, acknowledgedBy: ADMIN.email });
    const unknown = await socket.timeout(5_000).emitWithAck("alert:acknowledge", { id: "nope" });
    expect(unknown).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("resolves seat-held when the seat becomes occupied", async () => {
    const { socket } = await dashboard("admin", address.site);
    const resolved = next(socket, "alert:resolved", (a) => a.id === held.id);
    await publish("seatChange", seatChange("held", "occupied", Date.now()));
    const closed = await resolved;
    expect(closed).toMatchObject({ kind: "seat-held", subject: "1A", acknowledgedBy: ADMIN.email });
    expect(closed.resolvedAt).toBeGreaterThanOrEqual(closed.raisedAt);
    const all = await api(`/api/v1/sites/${address.site}/alerts?state=all`);
    expect(all.body.alerts).toEqual([closed]);
    expect((await api(`/api/v1/sites/${address.site}/alerts`)).body.alerts).toEqual([]);
  });

  it("raises device-offline at once, acknowledges it over REST and resolves it when the device returns", async () => {
    const { socket } = await dashboard("admin", address.site);
    const raised = next(socket, "alert:raised", (a) => a.kind === "device-offline");
    await publish("availability", { v: 1, state: "offline", ts: Date.now() });
    const offline = await raised;
    expect(offline).toMatchObject({ subject: address.device, site: address.site });

    const pushed = next(socket, "alert:raised", (a) => a.id === offline.id && a.acknowledgedBy !== undefined);
    const acked = await api(`/api/v1/sites/${address.site}/alerts/${offline.id}/acknowledge`, {
      method: "POST",
    });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ id: offline.id, acknowledgedBy: ADMIN.email });
    expect(acked.body.resolvedAt).toBeUndefined();
    expect(await pushed).toEqual(acked.body);

    const resolved = next(socket, "alert:resolved", (a) => a.id === offline.id);
    await publish("availability", { v: 1, state: "online", ts: Date.now() });
    await resolved;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/sitewatch_alerts_total\{kind="device-offline",event="raised"\} 1/);
  });
});
