import type { HubConfig } from "../../../config.js";
import { type Database, openDatabase } from "../../../db/client.js";
import { runMigrations } from "../../../db/migrate.js";
import type { HttpDeps } from "../../../http/app-types.js";
import { startTestHub, type TestHub, testConfig } from "../../../http/http.test-support.js";
import { RecordingBroadcaster } from "../../../ingest/ingest.test-support.js";
import { createLogger } from "../../../observability/logger.js";
import { createMetrics, type Metrics } from "../../../observability/metrics.js";
import { type ArchiveServices, createArchiveServices } from "../archive-services.js";

export interface ArchiveApi {
  database: Database;
  hub: TestHub;
  services: ArchiveServices;
  events: RecordingBroadcaster;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * The archive role's REST routes on a real app and an in-memory PGlite, with the role's services built
 * as the hub builds them (no MQTT; tests register jobs through `services.queue`).
 */
export async function startArchiveApi(config: Partial<HubConfig> = {}): Promise<ArchiveApi> {
  const database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  const events = new RecordingBroadcaster();
  const metrics = createMetrics();
  const full = testConfig(config);
  const services = createArchiveServices({
    config: full,
    database,
    events,
    metrics,
    logger: createLogger("silent"),
    authenticator: { authenticate: () => Promise.reject(new Error("unused")) },
    accessEvents: undefined as never,
  });
  const deps = { database, config: full } as HttpDeps;
  const hub = await startTestHub({
    database,
    extraRoutes: (app) => {
      for (const register of services.routes ?? []) register(app, deps);
    },
  });
  return {
    database,
    hub,
    services,
    events,
    metrics,
    async close() {
      await services.stop();
      await hub.close();
      await database.close();
    },
  };
}
