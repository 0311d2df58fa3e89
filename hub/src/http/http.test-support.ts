import type { AuthService as AuthServiceType } from "../auth/auth-service.js";
import { AuthService } from "../auth/auth-service.js";
import { createUser } from "../auth/users.js";
import type { CommandService } from "../commands/command-types.js";
import type { HubConfig } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { configuredRoles, roleRoutes } from "../roles/role-table.js";
import { AccessLogWriter } from "./access-log-writer.js";
import type { App, AppEnv } from "./app-types.js";
import { createHttpApp } from "./create-http-app.js";

export const ADMIN = { email: "admin@example.com", password: "admin-password-1" };
export const TEST_JWT_SECRET = "test-secret-0123456789abcdef-0123456789abcdef";

export function testConfig(overrides: Partial<HubConfig> = {}): HubConfig {
  return {
    http: { host: "127.0.0.1", port: 0 },
    dataDir: "/nonexistent-test-data-dir",
    database: { kind: "pglite", dir: "memory://" },
    mqtt: { kind: "embedded", host: "127.0.0.1", port: 0, wsPort: 0 },
    jwt: { secret: TEST_JWT_SECRET, accessTtlS: 900, refreshTtlS: 3600 },
    ingest: { batchRows: 500, batchMs: 250, maxPending: 50_000 },
    retention: { snapshotDays: 7, eventDays: 90 },
    commandTimeoutMs: 2_000,
    logLevel: "silent",
    accessLog: true,
    cluster: false,
    ...overrides,
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
  text: string;
  /** The raw body, for binary answers. */
  bytes: Uint8Array;
}

export interface TestHub {
  app: App;
  database: Database;
  auth: AuthServiceType;
  metrics: Metrics;
  logger: Logger;
  accessLog: AccessLogWriter;
  adminToken: string;
  call(
    method: string,
    path: string,
    opts?: {
      token?: string;
      json?: unknown;
      /** A body as given (JSON by default: set content-type in `headers` for anything else). */
      rawBody?: string | Uint8Array;
      headers?: Record<string, string>;
      env?: AppEnv["Bindings"];
    },
  ): Promise<Reply>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/** A real app on a real in-memory PGlite (or a given database), with one admin already created. */
export async function startTestHub(
  opts: {
    config?: Partial<HubConfig>;
    database?: Database;
    commands?: CommandService;
    brokerAuth?: { invalidate(username: string): void };
    /** Extra routes, added before the first request (Hono freezes its router then). */
    extraRoutes?: (app: App) => void;
  } = {},
): Promise<TestHub> {
  const config = testConfig(opts.config);
  const database = opts.database ?? (await openDatabase({ kind: "pglite", dir: "memory://" }));
  await runMigrations(database);
  const logger = createLogger("silent");
  const metrics = createMetrics();
  const auth = new AuthService({ database, config, logger });
  await auth.start();
  const accessLog = new AccessLogWriter(database.db, logger, metrics);
  const app = createHttpApp({
    roleRoutes: roleRoutes(configuredRoles({ coaching: config.coaching, logger })),
    database,
    config,
    metrics,
    logger,
    auth,
    accessLog,
    commands: opts.commands,
    brokerAuth: opts.brokerAuth,
  });
  opts.extraRoutes?.(app);
  await createUser(database.db, { ...ADMIN, role: "admin" });

  const call: TestHub["call"] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | Uint8Array | undefined;
    if (o.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(o.json);
    } else if (o.rawBody !== undefined) {
      headers["content-type"] ??= "application/json";
      body = o.rawBody;
    }
    const res = await app.request(path, { method, headers, body }, o.env ?? { remoteAddress: "127.0.0.1" });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, headers: res.headers, body: parsed, text, bytes };
  };

  const login = async (email: string, password: string) => {
    const r = await call("POST", "/api/v1/auth/login", { json: { email, password } });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
    return r.body.accessToken as string;
  };

  const adminToken = await login(ADMIN.email, ADMIN.password);
  return {
    app,
    database,
    auth,
    metrics,
    logger,
    accessLog,
    adminToken,
    call,
    login,
    close: async () => {
      await accessLog.stop();
      if (!opts.database) await database.close();
    },
  };
}

/** Creates a site, an enrolled-looking device and a seats camera through the REST API. */
export async function seedSite(hub: TestHub, site: string, opts: { device?: string; camera?: string } = {}) {
  const device = opts.device ?? "d1";
  const camera = opts.camera ?? "c1";
  const token = hub.adminToken;
  const s = await hub.call("POST", "/api/v1/sites", { token, json: { id: site, name: `Site ${site}` } });
  if (s.status !== 201) throw new Error(`site: ${s.status} ${s.text}`);
  const t = await hub.call("POST", `/api/v1/sites/${site}/enrollment-tokens`, { token, json: {} });
  const e = await hub.call("POST", "/api/v1/devices/enroll", {
    json: { token: t.body.token, deviceId: device },
  });
  if (e.status !== 201) throw new Error(`enroll: ${e.status} ${e.text}`);
  const c = await hub.call("POST", `/api/v1/sites/${site}/devices/${device}/cameras`, {
    token,
    json: { id: camera, name: "Cam", role: "seats" },
  });
  if (c.status !== 201) throw new Error(`camera: ${c.status} ${c.text}`);
  return { site, device, camera, mqtt: e.body.mqtt as { username: string; password: string } };
}
