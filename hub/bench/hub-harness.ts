import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devicePasswordHash, deviceUsername } from "../src/auth/device-credentials.js";
import { newSecret } from "../src/auth/passwords.js";
import { createUser } from "../src/auth/users.js";
import { loadConfig } from "../src/config.js";
import { devices as devicesTable } from "../src/db/schema/index.js";
import { Hub } from "../src/hub.js";
import { createLogger } from "../src/observability/logger.js";
import type { DeviceCreds } from "./bench-protocol.js";

const ADMIN = { email: "bench@example.com", password: "bench-password-0123" };

/** The real hub: embedded aedes on port 0, the given PostgreSQL, production ingest defaults, no logs. */
export async function startHub(
  databaseUrl: string,
  batchRows?: string,
): Promise<{ hub: Hub; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sitewatch-bench-"));
  const config = loadConfig({
    HUB_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    HUB_HTTP_HOST: "127.0.0.1",
    HUB_HTTP_PORT: "0",
    HUB_MQTT_HOST: "127.0.0.1",
    HUB_MQTT_PORT: "0",
    HUB_MQTT_WS_PORT: "0",
    JWT_SECRET: "bench-secret-0123456789-0123456789-0123",
    LOG_LEVEL: "silent",
    ...(batchRows ? { INGEST_BATCH_ROWS: batchRows } : {}),
  });
  const hub = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  return { hub, dataDir };
}

/** A tiny REST client holding the admin's bearer token. */
export class Api {
  token = "";
  constructor(readonly base: string) {}

  async call(path: string, body?: unknown, auth = true): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        "content-type": "application/json",
        ...(auth && this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}

/** Admin account (created directly, as `hub create-admin` does) and a REST login. */
export async function logIn(hub: Hub): Promise<Api> {
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  const api = new Api(`http://127.0.0.1:${hub.ports().http}`);
  const login = await api.call("/api/v1/auth/login", ADMIN);
  api.token = String(login.accessToken);
  return api;
}

/**
 * Enrols devices the way edge agents do: an admin-issued single-use token traded at
 * POST /api/v1/devices/enroll for per-device credentials (a scrypt hash each, so a few at a time).
 */
export async function enrolDevices(
  api: Api,
  site: string,
  count: number,
  concurrency = 4,
): Promise<DeviceCreds[]> {
  const creds: DeviceCreds[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const device = `edge-${String(next++).padStart(3, "0")}`;
      const issued = await api.call(`/api/v1/sites/${site}/enrollment-tokens`, {});
      const enrolled = await api.call(
        "/api/v1/devices/enroll",
        { token: issued.token, deviceId: device },
        false,
      );
      const mqtt = enrolled.mqtt as { username: string; password: string };
      creds.push({ device, username: mqtt.username, password: mqtt.password });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return creds.sort((a, b) => a.device.localeCompare(b.device));
}

/**
 * Many devices at once, inserted directly with ONE shared scrypt hash (production parameters): hashing
 * a thousand passwords would only time the set-up. The broker still verifies each login with scrypt.
 */
export async function insertDevices(hub: Hub, site: string, count: number): Promise<DeviceCreds[]> {
  const password = newSecret("dev");
  const passwordHash = devicePasswordHash(password);
  const creds = Array.from({ length: count }, (_, i) => {
    const device = `fleet-${String(i).padStart(4, "0")}`;
    return { device, username: deviceUsername(site, device), password };
  });
  const rows = creds.map((c) => ({
    siteId: site,
    id: c.device,
    name: c.device,
    mqttUsername: c.username,
    passwordHash,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await hub.parts.database.db.insert(devicesTable).values(rows.slice(i, i + 500));
  return creds;
}

type Broadcast = (packet: unknown, opts: unknown) => unknown;

/**
 * Diagnostic only (`--local-broadcast`, never in the published figures): makes the hub's Socket.IO
 * adapter deliver broadcasts locally without first publishing them to other instances through
 * Postgres NOTIFY, to measure what the cluster adapter costs a single-instance hub.
 */
export function bypassClusterBroadcast(hub: Hub): void {
  const adapter = hub.parts.socket.io.of("/").adapter as unknown as { broadcast: Broadcast };
  let proto: unknown = Object.getPrototypeOf(adapter);
  while (proto && (proto as { constructor: { name: string } }).constructor.name !== "Adapter") {
    proto = Object.getPrototypeOf(proto);
  }
  if (!proto) throw new Error("--local-broadcast: no in-memory Adapter in the adapter's prototype chain");
  const local = (proto as { broadcast: Broadcast }).broadcast;
  adapter.broadcast = (packet, opts) => local.call(adapter, packet, opts);
}
