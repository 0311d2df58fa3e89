import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { AnalysisProvider } from "@sitewatch/shared-protocol";
import { type HubEnv, hubEnvSchema } from "./config-env.js";
import { type HubWorkerSettings, hubWorkerSettings } from "./config-hub-worker.js";
import { type IntegrationSettings, integrationSettings } from "./config-integrations.js";
import { readSecretFiles } from "./config-secret-files.js";

// The environment schema lives in config-env.ts; deploy reads its keys through this module.
export { type HubEnv, hubEnvSchema } from "./config-env.js";

const MiB = 1024 * 1024;

/** Per-device limits on stored pictures (ingest/snapshot-quota.ts). */
export interface PictureQuota {
  bytesPerHour: number;
  bytesPerDay: number;
  files: number;
}

/** The attention role's server frame path (roles/attention/frames/). */
export interface FrameSettings {
  /** Inference worker threads, started with the first frame connection. */
  workers: number;
  /** Frames one session may have waiting; a new one drops the oldest. */
  queueDepth: number;
  /** Largest frame message, header included. */
  maxFrameBytes: number;
  /** Holds blazeface.onnx and facemesh.onnx. */
  modelDir: string;
  /** Scheduling priority of the inference threads (0 normal … 19 lowest). */
  nice: number;
}

/** The archive role's on-demand playback (roles/archive/playback/). */
export interface PlaybackSettings {
  /** Disk the cache of fetched segments (HUB_DATA_DIR/playback-cache) may use. */
  cacheBytes: number;
  /** Largest segment a device may upload. */
  maxSegmentBytes: number;
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
  /** Reverse proxies (IPs, CIDRs) whose X-Forwarded-For names the client (http/client-address.ts). */
  trustedProxies?: string[];
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
    /** Providers that analyse every closed archive segment (roles/archive); default ["builtin"]. */
    analysisProviders?: AnalysisProvider[];
    /** Those of them whose jobs `hub worker` runs (place "hub"); the others run on the device. */
    analysisHubProviders?: AnalysisProvider[];
  };
  retention: { snapshotDays: number; eventDays: number };
  commandTimeoutMs: number;
  /** Attention coaching (roles/attention/coaching): Ollama when a URL is set, else rule-based text. */
  coaching?: { ollamaUrl?: string; model: string; timeoutMs: number };
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
  /** Optional so hand-built configs get the defaults (see `frameSettingsOf`). */
  attention?: { frames: FrameSettings };
  /** Optional so hand-built configs get the defaults (see `playbackSettingsOf`). */
  playback?: PlaybackSettings;
  /** `hub worker` (roles/archive/worker/); only that command reads it. */
  hubWorker?: HubWorkerSettings;
  integrations?: IntegrationSettings;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment into a HubConfig, or throws a ConfigError listing every bad variable. Secret
 * settings may come from files (`JWT_SECRET_FILE`, …; config-secret-files.ts), read here once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const secrets = readSecretFiles(env);
  const parsed = hubEnvSchema.safeParse(secrets.env);
  if (!parsed.success || secrets.problems.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues;
    const named = issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`);
    const lines = [...secrets.problems, ...named].map((line) => `  ${line}`);
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
    trustedProxies: e.HUB_TRUSTED_PROXIES,
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
      analysisProviders: e.ANALYSIS_PROVIDERS,
      analysisHubProviders: e.ANALYSIS_HUB_PROVIDERS,
    },
    retention: { snapshotDays: e.RETENTION_SNAPSHOT_DAYS, eventDays: e.RETENTION_EVENT_DAYS },
    commandTimeoutMs: e.COMMAND_TIMEOUT_MS,
    coaching: { ollamaUrl: e.OLLAMA_URL, model: e.OLLAMA_MODEL, timeoutMs: e.OLLAMA_TIMEOUT_MS },
    instanceId: e.HUB_INSTANCE_ID,
    cluster: e.HUB_CLUSTER,
    logLevel: e.LOG_LEVEL,
    accessLog: e.HUB_ACCESS_LOG,
    dashboardDir: resolve(e.DASHBOARD_DIR),
    attention: { frames: frameSettings(e) },
    playback: playbackSettings(e),
    hubWorker: hubWorkerSettings(e),
    integrations: integrationSettings(e),
  };
}

function playbackSettings(e: HubEnv): PlaybackSettings {
  return { cacheBytes: e.PLAYBACK_CACHE_MIB * MiB, maxSegmentBytes: e.PLAYBACK_MAX_SEGMENT_MIB * MiB };
}

/** The playback settings of a config, with the environment's defaults for a hand-built one. */
export function playbackSettingsOf(config: Pick<HubConfig, "playback">): PlaybackSettings {
  return config.playback ?? playbackSettings(hubEnvSchema.parse({}));
}

function frameSettings(e: HubEnv): FrameSettings {
  return {
    // One per core: the workers run at a lower priority (ATTENTION_FRAME_NICE), so they take only the
    // CPU the event loop serving live traffic leaves idle. More than four would mostly hold memory.
    workers: e.ATTENTION_FRAME_WORKERS ?? Math.max(1, Math.min(4, availableParallelism())),
    queueDepth: e.ATTENTION_FRAME_QUEUE,
    maxFrameBytes: e.ATTENTION_FRAME_MAX_KIB * 1024,
    modelDir: resolve(e.ATTENTION_MODEL_DIR),
    nice: e.ATTENTION_FRAME_NICE,
  };
}

/** The frame settings of a config, with the environment's defaults for a hand-built one. */
export function frameSettingsOf(config: Pick<HubConfig, "attention">): FrameSettings {
  return config.attention?.frames ?? frameSettings(hubEnvSchema.parse({}));
}

function pictureQuota(mibPerHour: number, mibPerDay: number, files: number): PictureQuota {
  const bytes = (mib: number) => Math.round(mib * 1024 * 1024);
  return { bytesPerHour: bytes(mibPerHour), bytesPerDay: bytes(mibPerDay), files };
}
