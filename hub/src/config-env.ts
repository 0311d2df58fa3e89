import { fileURLToPath } from "node:url";
import { analysisProviders } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { checkAnalysisPlaces, hubWorkerEnv } from "./config-hub-worker.js";
import { checkIntegrations, integrationsEnv } from "./config-integrations.js";
import { secretFileEnv } from "./config-secret-files.js";

// The monorepo's dashboard build. This file sits two levels below the repository root both as
// hub/src/config-env.ts (tests) and as hub/dist/config-env.js (npm start), so one relative URL serves both.
const defaultDashboardDir = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));
// The edge agent's build-time model cache (blazeface, facemesh), found the same way.
export const defaultModelDir = fileURLToPath(new URL("../../edge-agent/model-cache", import.meta.url));

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
// NATS stream and consumer names and MQTT share groups: safe in subjects and topics.
const name = z.string().regex(/^[A-Za-z0-9_-]+$/);
const port = z.coerce.number().int().min(0).max(65535);
const mib = (fallback: number) => z.coerce.number().int().min(1).max(1_048_576).default(fallback);

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
    NATS_STREAM: name.default("SITEWATCH"),
    NATS_CONSUMER: name.default("sitewatch-hub"),
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
    MQTT_SHARE_GROUP: name.default("sitewatch-hub"),
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
    HUB_TRUSTED_PROXIES: csv
      .optional()
      .describe("IPs or CIDRs of reverse proxies whose X-Forwarded-For names the client (default none)"),
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
    ANALYSIS_PROVIDERS: csv
      .pipe(z.array(z.enum(analysisProviders)).min(1))
      .default(["builtin"])
      .describe("Comma-separated analysis providers (builtin, vlm): one job per closed archive segment each"),
    ...hubWorkerEnv,
    ...integrationsEnv,
    ...secretFileEnv,
    PLAYBACK_CACHE_MIB: mib(2048).describe("Disk for archived segments fetched to play; least used go first"),
    PLAYBACK_MAX_SEGMENT_MIB: mib(1024).describe("Largest archived segment a device may upload for playback"),
    RETENTION_SNAPSHOT_DAYS: z.coerce.number().positive().default(7),
    RETENTION_EVENT_DAYS: z.coerce.number().positive().default(90),
    COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    OLLAMA_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Ollama server for attention coaching text; without it coaching is rule-based"),
    OLLAMA_MODEL: z.string().min(1).default("llama3.2").describe("Ollama model that writes coaching text"),
    OLLAMA_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(15_000)
      .describe("How long coaching waits for Ollama before it falls back to rule-based text"),
    HUB_INSTANCE_ID: z.string().optional(),
    HUB_CLUSTER: bool
      .default(false)
      .describe("Several hub instances share dashboards' rooms through Postgres (needs DATABASE_URL)"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HUB_ACCESS_LOG: bool.default(true),
    ATTENTION_FRAME_WORKERS: z.coerce
      .number()
      .int()
      .min(1)
      .max(32)
      .optional()
      .describe("Inference threads of the attention frame socket; default: one per CPU core, at most 4"),
    ATTENTION_FRAME_NICE: z.coerce
      .number()
      .int()
      .min(0)
      .max(19)
      .default(10)
      .describe(
        "Scheduling priority (nice) of the frame inference threads: they take the CPU the event loop leaves idle, so live traffic stays fast; 0 = same as the event loop",
      ),
    ATTENTION_FRAME_QUEUE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(4)
      .describe("Frames one session may have waiting for inference; a new one drops the oldest"),
    ATTENTION_FRAME_MAX_KIB: z.coerce
      .number()
      .int()
      .min(8)
      .max(8192)
      .default(512)
      .describe("Largest frame (header + JPEG) the attention frame socket accepts"),
    ATTENTION_MODEL_DIR: z
      .string()
      .min(1)
      .default(defaultModelDir)
      .describe("Directory with blazeface.onnx and facemesh.onnx for the attention frame socket"),
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
  .refine((e) => e.PLAYBACK_MAX_SEGMENT_MIB <= e.PLAYBACK_CACHE_MIB, {
    message:
      "PLAYBACK_MAX_SEGMENT_MIB must fit in PLAYBACK_CACHE_MIB: a fetched segment is kept in the cache",
    path: ["PLAYBACK_MAX_SEGMENT_MIB"],
  })
  .refine((e) => Boolean(e.TLS_CERT_FILE) === Boolean(e.TLS_KEY_FILE), {
    message: "TLS_CERT_FILE and TLS_KEY_FILE must be set together",
    path: ["TLS_CERT_FILE"],
  })
  .superRefine(checkAnalysisPlaces)
  .superRefine(checkIntegrations);

export type HubEnv = z.infer<typeof hubEnvSchema>;
