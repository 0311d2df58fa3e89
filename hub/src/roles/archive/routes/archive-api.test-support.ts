import type { CommandService } from "../../../commands/command-types.js";
import type { HubConfig } from "../../../config.js";
import { type Database, openDatabase } from "../../../db/client.js";
import { runMigrations } from "../../../db/migrate.js";
import type { HttpDeps } from "../../../http/app-types.js";
import { startTestHub, type TestHub, testConfig } from "../../../http/http.test-support.js";
import { RecordingBroadcaster } from "../../../ingest/ingest.test-support.js";
import { createLogger } from "../../../observability/logger.js";
import { createMetrics, type Metrics } from "../../../observability/metrics.js";
import {
  type ArchiveServiceOptions,
  type ArchiveServices,
  createArchiveServices,
} from "../archive-services.js";

export interface ArchiveApi {
  database: Database;
  hub: TestHub;
  services: ArchiveServices;
  events: RecordingBroadcaster;
  metrics: Metrics;
  close(): Promise<void>;
}

/** Stands in for the hub's command relay where a test sends no command. */
const noCommands: CommandService = {
  send: () => Promise.reject(new Error("this test has no command relay")),
  handleAck: () => undefined,
  stop: () => undefined,
};

/**
 * The archive role's REST routes on a real app and an in-memory PGlite, with the role's services built
 * as the hub builds them (no MQTT unless a test passes a command service; tests register jobs through
 * `services.queue`).
 */
export async function startArchiveApi(
  config: Partial<HubConfig> = {},
  opts: { commands?: (database: Database) => CommandService; archive?: ArchiveServiceOptions } = {},
): Promise<ArchiveApi> {
  const database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  const events = new RecordingBroadcaster();
  const metrics = createMetrics();
  const full = testConfig(config);
  const services = createArchiveServices(
    {
      config: full,
      database,
      events,
      metrics,
      logger: createLogger("silent"),
      authenticator: { authenticate: () => Promise.reject(new Error("unused")) },
      accessEvents: undefined as never,
      commands: opts.commands?.(database) ?? noCommands,
    },
    opts.archive,
  );
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
