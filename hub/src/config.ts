import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

// The monorepo's dashboard build. This file sits two levels below the repository root both as
// hub/src/config.ts (tests) and as hub/dist/config.js (npm start), so one relative URL serves both.
const defaultDashboardDir = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every setting of the hub, read from the environment once at start-up. Defaults need no set-up:
 * embedded PGlite in ./data, embedded aedes on 1883 (and MQTT over WebSocket on 8083), HTTP on 8080.
 */
export const hubEnvSchema = z
  .object({
    HUB_HTTP_HOST: z.string().default("0.0.0.0"),
    HUB_HTTP_PORT: port.default(8080),
    HUB_DATA_DIR: z.string().default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional()
      .describe("Postgres server; without it the hub embeds PGlite in HUB_DATA_DIR"),
    MQTT_URL: z
      .string()
      .regex(/^(mqtts?|wss?):\/\//, "must be an mqtt://, mqtts://, ws:// or wss:// URL")
      .optional()
      .describe("External broker; without it the hub embeds aedes"),
    MQTT_USERNAME: z.string().optional(),
    MQTT_PASSWORD: z.string().optional(),
    NATS_URL: csv
      .pipe(z.array(z.string().regex(/^(nats|tls):\/\//, "must be nats:// or tls:// URLs")).min(1))
      .optional()
      .describe(
        "nats-server(s) with JetStream whose MQTT listener the devices use (see docs/nats-broker.md)",
      ),
    NATS_STREAM: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("SITEWATCH"),
    NATS_CONSUMER: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("sitewatch-hub"),
    NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    NATS_MAX_AGE_DAYS: z.coerce.number().positive().default(7),
    NATS_ACK_WAIT_S: z.coerce
      .number()
      .int()
      .min(2)
      .max(3600)
      .default(60)
      .describe(
        "How long NATS waits for a hub's ack before another hub gets the message (a crashed hub's share)",
      ),
    MQTT_SHARE_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("sitewatch-hub"),
    HUB_MQTT_PORT: port.default(1883),
    HUB_MQTT_WS_PORT: port.default(8083),
    HUB_MQTT_HOST: z.string().default("0.0.0.0"),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    JWT_ACCESS_TTL_S: z.coerce.number().int().positive().default(900),
    JWT_REFRESH_TTL_S: z.coerce
      .number()
      .int()
      .positive()
      .default(30 * 24 * 3600),
    LOGIN_MAX_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .default(5)
      .describe("Failed logins per account within LOGIN_WINDOW_S before it is locked out"),
    LOGIN_ADDRESS_MAX_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe("Failed logins per client address within LOGIN_WINDOW_S before it is locked out"),
    LOGIN_WINDOW_S: z.coerce.number().int().positive().default(900),
    LOGIN_LOCKOUT_S: z.coerce
      .number()
      .int()
      .positive()
      .default(60)
      .describe("First lockout; each further one doubles, up to LOGIN_MAX_LOCKOUT_S"),
    LOGIN_MAX_LOCKOUT_S: z.coerce.number().int().positive().default(3600),
    TLS_CERT_FILE: z.string().optional(),
    TLS_KEY_FILE: z.string().optional(),
    IP_ALLOWLIST: csv.optional().describe("Comma-separated IPs or CIDRs allowed to reach REST and Socket.IO"),
    INGEST_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
    INGEST_BATCH_MS: z.coerce.number().int().min(1).max(10_000).default(250),
    INGEST_MAX_PENDING: z.coerce.number().int().min(100).default(50_000),
    INGEST_FLUSH_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(8)
      .default(4)
      .describe("Flush transactions in flight at once (PostgreSQL; PGlite always uses 1)"),
    INGEST_SEQUENCE_GRACE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(10_000)
      .describe("How long a skipped event sequence number may take to arrive before it counts as lost"),
    INGEST_MAX_CLOCK_SKEW_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(7 * 24 * 3600 * 1000)
      .default(300_000)
      .describe("How far in the hub's future a device event time may lie; later ones are refused"),
    INGEST_MAX_EVENT_AGE_DAYS: z.coerce
      .number()
      .positive()
      .optional()
      .describe("Refuse non-retained device events older than this; unset: only times before 2020"),
    SNAPSHOT_QUOTA_MIB_PER_HOUR: z.coerce
      .number()
      .positive()
      .default(64)
      .describe("Snapshot bytes one device may have stored per hour; beyond it new pictures are refused"),
    SNAPSHOT_QUOTA_MIB_PER_DAY: z.coerce.number().positive().default(256),
    SNAPSHOT_QUOTA_FILES: z.coerce
      .number()
      .int()
      .positive()
      .default(2_000)
      .describe("Stored snapshots per device (retention removes old ones); beyond it new ones are refused"),
    GATE_CROP_QUOTA_MIB_PER_HOUR: z.coerce
      .number()
      .positive()
      .default(128)
      .describe("Gate crop bytes one device may have stored per hour; beyond it new crops are refused"),
    GATE_CROP_QUOTA_MIB_PER_DAY: z.coerce.number().positive().default(1024),
    GATE_CROP_QUOTA_FILES: z.coerce
      .number()
      .int()
      .positive()
      .default(500_000)
      .describe(
        "Stored gate crops per device (kept as long as the gate log); beyond it new ones are refused",
      ),
    RETENTION_SNAPSHOT_DAYS: z.coerce.number().positive().default(7),
    RETENTION_EVENT_DAYS: z.coerce.number().positive().default(90),
    COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    HUB_INSTANCE_ID: z.string().optional(),
    HUB_CLUSTER: bool
      .default(false)
      .describe("Several hub instances share dashboards' rooms through Postgres (needs DATABASE_URL)"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HUB_ACCESS_LOG: bool.default(true),
    DASHBOARD_DIR: z
      .string()
      .min(1)
      .default(defaultDashboardDir)
      .describe("The dashboard's production build (index.html + assets/), served at /"),
  })
  .refine((e) => !e.HUB_CLUSTER || Boolean(e.DATABASE_URL), {
    message: "HUB_CLUSTER needs DATABASE_URL: instances share Socket.IO rooms through PostgreSQL",
    path: ["HUB_CLUSTER"],
  })
  .refine((e) => !(e.NATS_URL && e.MQTT_URL), {
    message: "set MQTT_URL or NATS_URL, not both",
    path: ["NATS_URL"],
  })
  .refine((e) => Boolean(e.TLS_CERT_FILE) === Boolean(e.TLS_KEY_FILE), {
    message: "TLS_CERT_FILE and TLS_KEY_FILE must be set together",
    path: ["TLS_CERT_FILE"],
  });

export type HubEnv = z.infer<typeof hubEnvSchema>;

/** Per-device limits on stored pictures (ingest/snapshot-quota.ts). */
export interface PictureQuota {
  bytesPerHour: number;
  bytesPerDay: number;
  files: number;
}

export interface HubConfig {
  http: { host: string; port: number };
  dataDir: string;
  database: { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };
  mqtt:
    | { kind: "embedded"; host: string; port: number; wsPort: number }
    | { kind: "external"; url: string; username?: string; password?: string; shareGroup: string }
    | {
        kind: "nats";
        servers: string[];
        username?: string;
        password?: string;
        stream: string;
        consumer: string;
        replicas: number;
        maxAgeMs: number;
        ackWaitMs: number;
      };
  /** The hub's own broker account (external mode, and what `hub broker-config` writes for it). */
  mqttAccount?: { username: string; password: string };
  jwt: { secret?: string; accessTtlS: number; refreshTtlS: number };
  /**
   * Failed-login lockouts (auth/login-throttle.ts); optional so hand-built configs get the defaults.
   * A locked-out account or address is refused, even with the right password, until the lockout ends.
   */
  loginThrottle?: {
    maxFailures: number;
    addressMaxFailures: number;
    windowMs: number;
    lockoutMs: number;
    maxLockoutMs: number;
  };
  tls?: { certFile: string; keyFile: string };
  ipAllowList?: string[];
  ingest: {
    batchRows: number;
    batchMs: number;
    maxPending: number;
    concurrency?: number;
    /** How long skipped sequence numbers may take to arrive before they count as lost. */
    sequenceGraceMs?: number;
    /** Bounds on device event times relative to the hub's clock (see ingest/event-clock.ts). */
    eventClock?: { maxSkewMs: number; maxAgeMs?: number };
    /** Per-device snapshot storage limits (ingest/snapshot-quota.ts); optional for hand-built configs. */
    snapshotQuota?: PictureQuota;
    /** The same limits for the gate role's crops (roles/gate/gate-crops.ts), counted apart from snapshots. */
    gateCropQuota?: PictureQuota;
  };
  retention: { snapshotDays: number; eventDays: number };
  commandTimeoutMs: number;
  instanceId?: string;
  /**
   * Relay Socket.IO broadcasts between hub instances through PostgreSQL. Off for a single hub: the
   * adapter waits for a NOTIFY round trip before every local emit, which caps a lone hub far below
   * its own delivery rate (see docs/benchmarks.md).
   */
  cluster: boolean;
  logLevel: HubEnv["LOG_LEVEL"];
  accessLog: boolean;
  /** The dashboard build served at `/`; without it the app serves only the API (as in most HTTP tests). */
  dashboardDir?: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment into a HubConfig, or throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = hubEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`invalid hub configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.HUB_DATA_DIR);
  return {
    http: { host: e.HUB_HTTP_HOST, port: e.HUB_HTTP_PORT },
    dataDir,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dir: resolve(dataDir, "pglite") },
    mqtt: e.NATS_URL
      ? {
          kind: "nats",
          servers: e.NATS_URL,
          username: e.MQTT_USERNAME,
          password: e.MQTT_PASSWORD,
          stream: e.NATS_STREAM,
          consumer: e.NATS_CONSUMER,
          replicas: e.NATS_REPLICAS,
          maxAgeMs: e.NATS_MAX_AGE_DAYS * 86_400_000,
          ackWaitMs: e.NATS_ACK_WAIT_S * 1000,
        }
      : e.MQTT_URL
        ? {
            kind: "external",
            url: e.MQTT_URL,
            username: e.MQTT_USERNAME,
            password: e.MQTT_PASSWORD,
            shareGroup: e.MQTT_SHARE_GROUP,
          }
        : { kind: "embedded", host: e.HUB_MQTT_HOST, port: e.HUB_MQTT_PORT, wsPort: e.HUB_MQTT_WS_PORT },
    mqttAccount:
      e.MQTT_USERNAME && e.MQTT_PASSWORD
        ? { username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD }
        : undefined,
    jwt: { secret: e.JWT_SECRET, accessTtlS: e.JWT_ACCESS_TTL_S, refreshTtlS: e.JWT_REFRESH_TTL_S },
    loginThrottle: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      addressMaxFailures: e.LOGIN_ADDRESS_MAX_FAILURES,
      windowMs: e.LOGIN_WINDOW_S * 1000,
      lockoutMs: e.LOGIN_LOCKOUT_S * 1000,
      maxLockoutMs: e.LOGIN_MAX_LOCKOUT_S * 1000,
    },
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    ipAllowList: e.IP_ALLOWLIST,
    ingest: {
      batchRows: e.INGEST_BATCH_ROWS,
      batchMs: e.INGEST_BATCH_MS,
      maxPending: e.INGEST_MAX_PENDING,
      concurrency: e.INGEST_FLUSH_CONCURRENCY,
      sequenceGraceMs: e.INGEST_SEQUENCE_GRACE_MS,
      eventClock: {
        maxSkewMs: e.INGEST_MAX_CLOCK_SKEW_MS,
        maxAgeMs:
          e.INGEST_MAX_EVENT_AGE_DAYS === undefined ? undefined : e.INGEST_MAX_EVENT_AGE_DAYS * 86_400_000,
      },
      snapshotQuota: pictureQuota(
        e.SNAPSHOT_QUOTA_MIB_PER_HOUR,
        e.SNAPSHOT_QUOTA_MIB_PER_DAY,
        e.SNAPSHOT_QUOTA_FILES,
      ),
      gateCropQuota: pictureQuota(
        e.GATE_CROP_QUOTA_MIB_PER_HOUR,
        e.GATE_CROP_QUOTA_MIB_PER_DAY,
        e.GATE_CROP_QUOTA_FILES,
      ),
    },
    retention: { snapshotDays: e.RETENTION_SNAPSHOT_DAYS, eventDays: e.RETENTION_EVENT_DAYS },
    commandTimeoutMs: e.COMMAND_TIMEOUT_MS,
    instanceId: e.HUB_INSTANCE_ID,
    cluster: e.HUB_CLUSTER,
    logLevel: e.LOG_LEVEL,
    accessLog: e.HUB_ACCESS_LOG,
    dashboardDir: resolve(e.DASHBOARD_DIR),
  };
}

function pictureQuota(mibPerHour: number, mibPerDay: number, files: number): PictureQuota {
  const bytes = (mib: number) => Math.round(mib * 1024 * 1024);
  return { bytesPerHour: bytes(mibPerHour), bytesPerDay: bytes(mibPerDay), files };
}
