import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type AlertEngine, createAlertEngine } from "./alerts/alert-engine.js";
import { AuthService } from "./auth/auth-service.js";
import { parseDeviceUsername } from "./auth/device-credentials.js";
import { createCommandService } from "./commands/command-service.js";
import { withConfigResync } from "./commands/config-resync.js";
import type { HubConfig } from "./config.js";
import { type Database, openDatabase } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import type { App, ReadinessReport } from "./http/app-types.js";
import { createHttpApp } from "./http/create-http-app.js";
import { createIpAllowList } from "./http/ip-allow-list.js";
import { AccessLogWriter } from "./http/middleware/access-log.js";
import { checkDatabase } from "./http/routes/health.js";
import { createIngestService, type IngestService } from "./ingest/ingest-service.js";
import { ensureInitialAdmin } from "./initial-admin.js";
import { createBrokerAuth } from "./mqtt/broker-auth.js";
import { createEmbeddedTransport, type EmbeddedTransport } from "./mqtt/embedded-transport.js";
import { createExternalTransport, hubClientId } from "./mqtt/external-transport.js";
import { createJetStreamTransport } from "./mqtt/jetstream-transport.js";
import type { MqttTransport } from "./mqtt/transport.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { deferredBroadcaster } from "./realtime/broadcaster.js";
import { LiveSessions } from "./realtime/live-sessions.js";
import { createPostgresAdapter, type PostgresAdapterHandle } from "./realtime/postgres-adapter.js";
import { createSocketServer, type SocketServer } from "./realtime/socket-server.js";
import { createRetentionJob, type RetentionJob } from "./retention/retention-job.js";

export interface HubOptions {
  logger?: Logger;
  /** Skip creating the first admin account (tests create their own users). */
  skipInitialAdmin?: boolean;
  /** Alert engine clock and tick period (tests); defaults: Date.now and 30 s. */
  alerts?: { now?: () => number; tickMs?: number };
}

interface Running {
  database: Database;
  metrics: Metrics;
  auth: AuthService;
  transport: MqttTransport;
  app: App;
  accessLog: AccessLogWriter;
  server: Server;
  socket: SocketServer;
  ingest: IngestService;
  liveSessions: LiveSessions;
  retention: RetentionJob;
  alerts: AlertEngine;
  commands: ReturnType<typeof createCommandService>;
  adapter?: PostgresAdapterHandle;
}

/**
 * The composition root: builds every part of the hub from its config and wires the seams. Nothing
 * happens in the constructor; start() opens the database, migrates, and starts broker, HTTP, Socket.IO,
 * ingest and retention in dependency order; stop() undoes it in reverse and drains accepted events.
 */
export class Hub {
  readonly logger: Logger;
  /** Set when start() created the first admin account, so the CLI can show its password once. */
  initialAdmin: { email: string; password: string } | null = null;
  private running?: Running;

  constructor(
    readonly config: HubConfig,
    private readonly options: HubOptions = {},
  ) {
    this.logger = options.logger ?? createLogger(config.logLevel);
  }

  get parts(): Running {
    if (!this.running) throw new Error("the hub is not running");
    return this.running;
  }

  /** Bound ports; useful when the config asked for port 0. */
  ports(): { http: number; mqtt?: number; mqttWs?: number } {
    const { server, transport } = this.parts;
    const http = (server.address() as AddressInfo).port;
    if (transport.kind !== "embedded") return { http };
    const bound = (transport as EmbeddedTransport).ports();
    return { http, mqtt: bound.mqtt, mqttWs: bound.ws };
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    const metrics = createMetrics();
    const database = await openDatabase(config.database);
    await runMigrations(database);
    logger.info({ database: database.describe }, "database ready");
    if (!this.options.skipInitialAdmin) this.initialAdmin = await ensureInitialAdmin(database.db, logger);

    const auth = new AuthService({ database, config, logger });
    await auth.start();
    const brokerAuth = createBrokerAuth({ db: database.db, metrics, logger });
    const transport =
      config.mqtt.kind === "embedded"
        ? createEmbeddedTransport({ mqtt: config.mqtt, tls: config.tls, auth: brokerAuth, metrics, logger })
        : config.mqtt.kind === "nats"
          ? createJetStreamTransport({ ...config.mqtt, logger })
          : createExternalTransport({
              url: config.mqtt.url,
              username: config.mqtt.username,
              password: config.mqtt.password,
              shareGroup: config.mqtt.shareGroup,
              clientId: hubClientId(config.instanceId),
              logger,
            });
    const commands = createCommandService({ database, transport, metrics, logger, config });
    const liveSessions = new LiveSessions({ commands, logger });

    let ingest: IngestService | undefined;
    const revoke = {
      invalidate: (username: string) => {
        brokerAuth.invalidate(username);
        const device = parseDeviceUsername(username);
        if (device) ingest?.invalidateDevice(device.site, device.device);
      },
    };
    const ready = async (): Promise<ReadinessReport> => {
      const checks: Record<string, string> = { database: await checkDatabase(database) };
      checks.mqtt = ingest ? "ok" : "starting";
      return { ok: Object.values(checks).every((v) => v === "ok"), checks };
    };
    // REST and Socket.IO need the alert engine; its pushes go to the socket server, attached once it exists.
    const dashboards = deferredBroadcaster();
    const alertDeps = { database, logger, metrics, broadcaster: dashboards.broadcaster };
    const alerts = createAlertEngine({ ...alertDeps, ...this.options.alerts });
    const accessLog = new AccessLogWriter(database.db, logger, metrics);
    const app = createHttpApp({
      accessLog,
      database,
      config,
      metrics,
      logger,
      auth,
      commands,
      brokerAuth: revoke,
      ready,
      alerts,
    });
    const server = await listen(app, config);

    const adapter =
      config.cluster && config.database.kind === "postgres"
        ? await createPostgresAdapter({ url: config.database.url, logger })
        : undefined;
    const allowList = config.ipAllowList?.length ? createIpAllowList(config.ipAllowList) : undefined;
    const socket = createSocketServer({
      httpServer: server,
      authenticator: auth,
      database,
      metrics,
      logger,
      onLiveWatch: liveSessions.hook,
      adapter: adapter?.adapter,
      instanceId: config.instanceId,
      allowAddress: allowList ? (ip) => allowList.allows(ip) : undefined,
      alerts,
      accessEvents: auth.accessEvents,
    });
    dashboards.attach(socket.broadcaster);
    const broadcaster = withConfigResync(alerts.observe(socket.broadcaster), {
      db: database.db,
      commands,
      logger,
      commandTimeoutMs: config.commandTimeoutMs,
      flush: () => ingest?.flush() ?? Promise.resolve(),
    });
    ingest = createIngestService({
      database,
      transport,
      broadcaster,
      commands,
      metrics,
      logger,
      config,
    });
    await ingest.start();
    await alerts.start();
    const retention = createRetentionJob({ database, config, logger, dataDir: config.dataDir });
    retention.start();

    this.running = {
      database,
      metrics,
      auth,
      transport,
      app,
      server,
      socket,
      ingest,
      liveSessions,
      retention,
      alerts,
      commands,
      adapter,
      accessLog,
    };
    logger.info({ ports: this.ports(), mqtt: config.mqtt.kind }, "hub started");
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    await r.retention.stop();
    await r.alerts.stop();
    // Live sessions end through the command service, so the socket server closes first.
    await r.socket.close();
    r.liveSessions.close();
    await r.ingest.stop();
    r.commands.stop();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
    await r.adapter?.close();
    await r.accessLog.stop();
    await r.database.close();
    this.logger.info("hub stopped");
  }
}

async function listen(app: App, config: HubConfig): Promise<Server> {
  const tls = config.tls;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        hostname: config.http.host,
        port: config.http.port,
        ...(tls
          ? {
              createServer: createHttpsServer,
              serverOptions: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
            }
          : {}),
      },
      () => resolve(server as Server),
    );
    server.once("error", reject);
  });
}
