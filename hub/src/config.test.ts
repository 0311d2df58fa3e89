import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, hubEnvSchema, loadConfig } from "./config.js";
import { SECRET_SETTINGS } from "./config-secret-files.js";

const secretsDir = mkdtempSync(join(tmpdir(), "hub-secrets-"));
function secretFile(name: string, text: string): string {
  const path = join(secretsDir, name);
  writeFileSync(path, text);
  return path;
}
const configError = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("loaded");
};

describe("hub config", () => {
  it("needs nothing: embedded PGlite, embedded aedes, HTTP 8080", () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe("pglite");
    expect(config.mqtt).toMatchObject({ kind: "embedded", port: 1883, wsPort: 8083 });
    expect(config.http.port).toBe(8080);
    expect(config.ingest).toEqual({
      batchRows: 500,
      batchMs: 250,
      maxPending: 50_000,
      concurrency: 4,
      sequenceGraceMs: 10_000,
      eventClock: { maxSkewMs: 300_000, maxAgeMs: undefined },
      snapshotQuota: { bytesPerHour: 64 * 1024 * 1024, bytesPerDay: 256 * 1024 * 1024, files: 2_000 },
      gateCropQuota: { bytesPerHour: 128 * 1024 * 1024, bytesPerDay: 1024 * 1024 * 1024, files: 500_000 },
      analysisProviders: ["builtin"],
      analysisHubProviders: [],
    });
    expect(config.retention.snapshotDays).toBe(7);
  });

  it("takes the archive's analysis providers as a list and names an unknown one", () => {
    expect(loadConfig({ ANALYSIS_PROVIDERS: "builtin, vlm" }).ingest.analysisProviders).toEqual([
      "builtin",
      "vlm",
    ]);
    expect(() => loadConfig({ ANALYSIS_PROVIDERS: "builtin,gpt" })).toThrow(/ANALYSIS_PROVIDERS/);
    expect(() => loadConfig({ ANALYSIS_PROVIDERS: "" })).toThrow(/ANALYSIS_PROVIDERS/);
  });

  it("bounds device event times: skew in ms, an optional maximum age in days", () => {
    const config = loadConfig({ INGEST_MAX_CLOCK_SKEW_MS: "2000", INGEST_MAX_EVENT_AGE_DAYS: "30" });
    expect(config.ingest.eventClock).toEqual({ maxSkewMs: 2_000, maxAgeMs: 30 * 86_400_000 });
    expect(() => loadConfig({ INGEST_MAX_CLOCK_SKEW_MS: "-5" })).toThrow(/INGEST_MAX_CLOCK_SKEW_MS/);
    expect(() => loadConfig({ INGEST_MAX_EVENT_AGE_DAYS: "0" })).toThrow(/INGEST_MAX_EVENT_AGE_DAYS/);
  });

  it("limits stored gate crops per device in MiB per hour and day and in files, and names a bad value", () => {
    const config = loadConfig({
      GATE_CROP_QUOTA_MIB_PER_HOUR: "0.5",
      GATE_CROP_QUOTA_MIB_PER_DAY: "8",
      GATE_CROP_QUOTA_FILES: "1000",
    });
    expect(config.ingest.gateCropQuota).toEqual({
      bytesPerHour: 524_288,
      bytesPerDay: 8_388_608,
      files: 1_000,
    });
    // Snapshots keep their own limits.
    expect(config.ingest.snapshotQuota?.files).toBe(2_000);
    const refusal = (env: Record<string, string>) => () => loadConfig(env);
    expect(refusal({ GATE_CROP_QUOTA_FILES: "2.5" })).toThrow(/\n {2}GATE_CROP_QUOTA_FILES: .*expected int/);
    expect(refusal({ GATE_CROP_QUOTA_MIB_PER_DAY: "lots" })).toThrow(
      /\n {2}GATE_CROP_QUOTA_MIB_PER_DAY: .*expected number/,
    );
    expect(refusal({ GATE_CROP_QUOTA_MIB_PER_HOUR: "0" })).toThrow(
      /\n {2}GATE_CROP_QUOTA_MIB_PER_HOUR: Too small/,
    );
  });

  it("switches to Postgres and an external broker when their URLs are set", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u:p@db:5432/sitewatch",
      MQTT_URL: "mqtt://broker:1883",
      MQTT_SHARE_GROUP: "hubs",
      IP_ALLOWLIST: "10.0.0.0/8, 127.0.0.1",
    });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/sitewatch" });
    expect(config.mqtt).toMatchObject({ kind: "external", url: "mqtt://broker:1883", shareGroup: "hubs" });
    expect(config.ipAllowList).toEqual(["10.0.0.0/8", "127.0.0.1"]);
  });

  it("lists every bad variable in one readable error", () => {
    let error: unknown;
    try {
      loadConfig({
        HUB_HTTP_PORT: "99999",
        DATABASE_URL: "mysql://x",
        JWT_SECRET: "short",
        TLS_CERT_FILE: "a.pem",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("HUB_HTTP_PORT");
    expect(message).toContain("DATABASE_URL: must be a postgres:// URL");
    expect(message).toContain("JWT_SECRET: must be at least 32 characters");
    expect(message).toContain("TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  });

  it("reads each secret setting from its _FILE twin, without the trailing newline", () => {
    const jwt = "j".repeat(40);
    const config = loadConfig({
      JWT_SECRET_FILE: secretFile("jwt", `${jwt}\n`),
      DATABASE_URL_FILE: secretFile("db", "postgres://hub:p%40ss@db:5432/sitewatch\r\n"),
      MQTT_URL: "mqtt://broker:1883",
      MQTT_USERNAME: "hub",
      MQTT_PASSWORD_FILE: secretFile("mqtt", "broker secret"),
      HUB_WORKER_TOKEN_FILE: secretFile("token", "swt_abc\n"),
    });
    expect(config.jwt.secret).toBe(jwt);
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://hub:p%40ss@db:5432/sitewatch" });
    expect(config.mqtt).toMatchObject({ kind: "external", password: "broker secret" });
    expect(config.mqttAccount).toEqual({ username: "hub", password: "broker secret" });
    expect(config.hubWorker?.token).toBe("swt_abc");
    // Every secret and its twin are known settings (deploy/ checks variable names against the schema).
    for (const name of SECRET_SETTINGS) {
      expect(Object.keys(hubEnvSchema.shape)).toEqual(expect.arrayContaining([name, `${name}_FILE`]));
    }
  });

  it("refuses a secret set twice, an unreadable or empty file, and checks what a file holds", () => {
    const jwt = secretFile("jwt-both", "k".repeat(40));
    expect(configError({ JWT_SECRET: "k".repeat(40), JWT_SECRET_FILE: jwt })).toContain(
      "\n  JWT_SECRET_FILE: set JWT_SECRET or JWT_SECRET_FILE, not both",
    );
    const missing = join(secretsDir, "nope");
    expect(configError({ MQTT_PASSWORD_FILE: missing })).toContain(
      `MQTT_PASSWORD_FILE: cannot read ${missing} (ENOENT)`,
    );
    const empty = secretFile("empty", "\n");
    expect(configError({ HUB_WORKER_TOKEN_FILE: empty })).toContain(
      `HUB_WORKER_TOKEN_FILE: ${empty} is empty`,
    );
    const short = configError({ JWT_SECRET_FILE: secretFile("short", "tiny\n"), HUB_HTTP_PORT: "x" });
    expect(short).toContain("JWT_SECRET: must be at least 32 characters");
    expect(short).toContain("HUB_HTTP_PORT");
    expect(short).not.toContain("tiny");
  });

  it("trusts no proxy unless HUB_TRUSTED_PROXIES lists some", () => {
    expect(loadConfig({}).trustedProxies).toBeUndefined();
    expect(loadConfig({ HUB_TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12" }).trustedProxies).toEqual([
      "10.0.0.1",
      "172.16.0.0/12",
    ]);
  });

  it("shares Socket.IO rooms between instances only when asked, and only through Postgres", () => {
    expect(loadConfig({}).cluster).toBe(false);
    expect(loadConfig({ HUB_CLUSTER: "true", DATABASE_URL: "postgres://db/sitewatch" }).cluster).toBe(true);
    expect(() => loadConfig({ HUB_CLUSTER: "true" })).toThrow(/HUB_CLUSTER needs DATABASE_URL/);
  });

  it("bounds archived playback in MiB: the cache, and a segment that must fit in it", () => {
    expect(loadConfig({}).playback).toEqual({
      cacheBytes: 2048 * 1024 * 1024,
      maxSegmentBytes: 1024 * 1024 * 1024,
    });
    expect(loadConfig({ PLAYBACK_CACHE_MIB: "64", PLAYBACK_MAX_SEGMENT_MIB: "16" }).playback).toEqual({
      cacheBytes: 64 * 1024 * 1024,
      maxSegmentBytes: 16 * 1024 * 1024,
    });
    expect(() => loadConfig({ PLAYBACK_CACHE_MIB: "512" })).toThrow(/PLAYBACK_MAX_SEGMENT_MIB must fit/);
    expect(() => loadConfig({ PLAYBACK_CACHE_MIB: "0" })).toThrow(/PLAYBACK_CACHE_MIB/);
  });

  it("serves the monorepo's dashboard build unless DASHBOARD_DIR points elsewhere", () => {
    // config.ts lives in hub/src (tests) or hub/dist (npm start): both two levels below the root.
    expect(loadConfig({}).dashboardDir).toBe(join(import.meta.dirname, "..", "..", "dashboard", "dist"));
    expect(loadConfig({ DASHBOARD_DIR: "/srv/ui" }).dashboardDir).toBe("/srv/ui");
  });
});
