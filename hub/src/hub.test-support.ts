import { type HubConfig, loadConfig } from "./config.js";

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
