import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devicePasswordHash, deviceUsername } from "../src/auth/device-credentials.js";
import { newSecret } from "../src/auth/passwords.js";
import { createUser } from "../src/auth/users.js";
import { loadConfig } from "../src/config.js";
import { devices as devicesTable } from "../src/db/schema/index.js";
import { Hub } from "../src/hub.js";
import type { HubOptions } from "../src/hub-parts.js";
import { createLogger } from "../src/observability/logger.js";
import type { DeviceCreds, HubTarget } from "./bench-protocol.js";

const ADMIN = { email: "bench@example.com", password: "bench-password-0123" };

/** What a benchmark changes on top of the harness hub: extra env settings and hub options. */
export interface BenchHubOptions {
  /** Extra or overriding config env vars (e.g. INGEST_BATCH_ROWS, ATTENTION_FRAME_WORKERS). */
  env?: Record<string, string>;
  /** Role options, e.g. lifted per-session bounds when one account plays many learners. */
  roles?: HubOptions["roles"];
}

/**
 * The real hub: embedded aedes on port 0, the given PostgreSQL (PGlite in the data dir when none),
 * production defaults unless `options` says otherwise, no logs.
 */
export async function startHub(
  databaseUrl: string | undefined,
  options: BenchHubOptions = {},
): Promise<{ hub: Hub; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sitewatch-bench-"));
  const config = loadConfig({
    HUB_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    HUB_HTTP_HOST: "127.0.0.1",
    HUB_HTTP_PORT: "0",
    HUB_MQTT_HOST: "127.0.0.1",
    HUB_MQTT_PORT: "0",
    HUB_MQTT_WS_PORT: "0",
    JWT_SECRET: "bench-secret-0123456789-0123456789-0123",
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const hub = new Hub(config, {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
    ...(options.roles ? { roles: options.roles } : {}),
  });
  await hub.start();
  return { hub, dataDir };
}

/** Where the seat load generator attaches: the hub's broker, REST API, database and enrolled devices. */
export function seatTarget(
  hub: Hub,
  api: Api,
  databaseUrl: string,
  place: { site: string; camera: string; devices: DeviceCreds[] },
): HubTarget {
  const ports = hub.ports();
  return {
    mqttUrl: `mqtt://127.0.0.1:${ports.mqtt}`,
    wsUrl: `ws://127.0.0.1:${ports.mqttWs}`,
    httpUrl: api.base,
    databaseUrl,
    token: api.token,
    ...place,
  };
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

/** Undo steps a benchmark registers as it sets things up; run in reverse when it ends. */
export type Cleanups = Array<() => Promise<unknown>>;

/**
 * Runs one benchmark: `measure` registers its clean-ups as it starts things, which are undone in reverse
 * before `report` (or after a failure, which sets exit code 1). The whole run is bounded by `limitMs`,
 * so a phase that hangs where no timeout caught it still stops the hub and the load processes.
 */
export async function runBench<T>(
  limitMs: number,
  log: (line: string) => void,
  measure: (cleanups: Cleanups) => Promise<T>,
  report: (measured: T) => void,
): Promise<void> {
  const cleanups: Cleanups = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse())
      await fn().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
    cleanups.length = 0;
  };
  const limit = setTimeout(() => {
    log(`run exceeded ${limitMs / 60_000} minutes; stopping`);
    void cleanUp().finally(() => process.exit(1));
  }, limitMs);
  try {
    const measured = await measure(cleanups);
    await cleanUp();
    report(measured);
  } catch (err) {
    log(`FAILED: ${(err as Error).stack ?? String(err)}`);
    await cleanUp();
    process.exitCode = 1;
  } finally {
    clearTimeout(limit);
  }
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
