import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser } from "../auth/users.js";
import { type HubConfig, loadConfig } from "../config.js";
import { Hub } from "../hub.js";
import { createLogger } from "../observability/logger.js";

/**
 * The hub's public test entry point (`@sitewatch/hub/testing`): a whole, real hub on 127.0.0.1 for the
 * tests of the packages that talk to it (the edge agent, the dashboard's browser tests), so they run
 * against the same enrolment, broker authentication, REST API and Socket.IO server a site runs.
 */

/**
 * Config for a whole hub inside a test: every listener on 127.0.0.1 port 0, in-memory PGlite, silent
 * logs and a quick ingest flush. `env` adds or overrides variables exactly as an operator would.
 */
export function testHubConfig(dataDir: string, env: Record<string, string> = {}): HubConfig {
  const config = loadConfig({
    HUB_DATA_DIR: dataDir,
    HUB_HTTP_HOST: "127.0.0.1",
    HUB_HTTP_PORT: "0",
    HUB_MQTT_HOST: "127.0.0.1",
    HUB_MQTT_PORT: "0",
    HUB_MQTT_WS_PORT: "0",
    JWT_SECRET: "integration-secret-0123456789-0123456789",
    LOG_LEVEL: "silent",
    INGEST_BATCH_MS: "20",
    ...env,
  });
  return { ...config, database: { kind: "pglite", dir: "memory://" } };
}

export interface TestHub {
  url: string;
  mqttUrl: string;
  site: string;
  /** The hub's data directory (stored snapshots live under `snapshots/`). */
  dataDir: string;
  /** The admin's access token, for REST and Socket.IO. */
  token: string;
  admin: { email: string; password: string };
  /** A fresh single-use enrolment token for `site`, made by the admin through the REST API. */
  newToken(): Promise<string>;
  /** GET, or POST when a body is given, on the REST API as the admin; throws on an error status. */
  api(path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TestHubOptions {
  /** A site created at start; default "cafe-1". */
  site?: string;
  /** Hub environment variables, e.g. `{ INGEST_SEQUENCE_GRACE_MS: "1000" }`. */
  env?: Record<string, string>;
  /**
   * Keep the data in a file-backed PGlite under `dataDir` and allow stop / start on the same ports, so
   * a test can restart the hub under connected clients (a browser, a device) and watch them reconnect.
   */
  persistent?: boolean;
}

/** A test hub that can go down and come back with the same data, ports and JWT secret. */
export interface RestartableTestHub extends TestHub {
  /** Stops the hub; its data and ports stay reserved for `start()`. */
  stop(): Promise<void>;
  /** Starts it again after `stop()`: same ports, same database, tokens stay valid. */
  start(): Promise<void>;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
}

const ADMIN = { email: "test-admin@example.com", password: "correct-horse-battery" };

/** Starts a hub with an admin user and one site; `close()` stops it and deletes its data. */
export async function startTestHub(
  options: TestHubOptions & { persistent: true },
): Promise<RestartableTestHub>;
export async function startTestHub(options?: TestHubOptions): Promise<TestHub>;
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub | RestartableTestHub> {
  const site = options.site ?? "cafe-1";
  const dataDir = mkdtempSync(join(tmpdir(), "test-hub-"));
  let config = testHubConfig(dataDir, options.env);
  // File-backed only when asked: an in-memory database starts faster and leaves nothing behind.
  if (options.persistent) config = { ...config, database: { kind: "pglite", dir: join(dataDir, "pglite") } };
  const boot = async () => {
    const next = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
    await next.start();
    return next;
  };
  let hub: Hub | undefined = await boot();
  const ports = hub.ports();
  // Pin the ports the kernel chose, so a restarted hub is where its clients reconnect to.
  config = {
    ...config,
    http: { ...config.http, port: ports.http },
    mqtt:
      config.mqtt.kind === "embedded"
        ? { ...config.mqtt, port: ports.mqtt ?? 0, wsPort: ports.mqttWs ?? 0 }
        : config.mqtt,
  };
  const url = `http://127.0.0.1:${ports.http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  const request = async (path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { accessToken } = (await request("/api/v1/auth/login", ADMIN)) as { accessToken: string };
  await request("/api/v1/sites", { id: site, name: `Test site ${site}` }, accessToken);
  const stop = async () => {
    const running = hub;
    hub = undefined;
    await running?.stop();
  };
  const start = async () => {
    if (hub) throw new Error("test hub: start() while it is running");
    hub = await boot();
  };
  const testHub: TestHub = {
    url,
    mqttUrl: `mqtt://127.0.0.1:${ports.mqtt}`,
    site,
    dataDir,
    token: accessToken,
    admin: ADMIN,
    api: (path, body) => request(path, body, accessToken),
    newToken: async () => {
      const created = await request(`/api/v1/sites/${site}/enrollment-tokens`, { note: "test" }, accessToken);
      return (created as { token: string }).token;
    },
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (!options.persistent) return testHub;
  return {
    ...testHub,
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
