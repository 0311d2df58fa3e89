import type { AddressInfo } from "node:net";
import { createAlertEngine } from "./alerts/alert-engine.js";
import { AuthService } from "./auth/auth-service.js";
import { parseDeviceUsername } from "./auth/device-credentials.js";
import { createCommandService } from "./commands/command-service.js";
import { resyncConfigOnReconnect } from "./commands/config-resync.js";
import type { HubConfig } from "./config.js";
import { registerDashboard } from "./dashboard-static/serve-dashboard.js";
import { openDatabase } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import { createHubEventBus } from "./events/domain-events.js";
import { AccessLogWriter } from "./http/access-log-writer.js";
import type { ReadinessReport } from "./http/app-types.js";
import { createHttpApp } from "./http/create-http-app.js";
import { pushDeviceConfig } from "./http/device-config.js";
import { createIpAllowList } from "./http/ip-allow-list.js";
import { listen } from "./http/listen.js";
import { upgradeAddressCheck } from "./http/middleware/client-address.js";
import { checkDatabase } from "./http/routes/health.js";
import type { HubOptions, HubParts } from "./hub-parts.js";
import { createIngestService, type IngestService } from "./ingest/ingest-service.js";
import { ensureInitialAdmin } from "./initial-admin.js";
import { startIntegrations } from "./integrations/start-integrations.js";
import { createBrokerAuth } from "./mqtt/broker-auth.js";
import { createTransport } from "./mqtt/create-transport.js";
import type { EmbeddedTransport } from "./mqtt/embedded-transport.js";
import { integratorAccount } from "./mqtt/integrator-acl.js";
import { NotificationDispatcher } from "./notifications/notification-dispatcher.js";
import { notificationMetrics } from "./notifications/notification-metrics.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createMetrics } from "./observability/metrics.js";
import { broadcastDomainEvents } from "./realtime/broadcaster.js";
import { LiveSessions } from "./realtime/live-sessions.js";
import { createPostgresAdapter } from "./realtime/postgres-adapter.js";
import { createSocketServer } from "./realtime/socket-server.js";
import { createRetentionJob } from "./retention/retention-job.js";
import type { RoleServices } from "./roles/hub-role.js";
import {
  configuredRoles,
  ingestModules,
  roleAlertFamilies,
  roleEventTables,
  roleInitialState,
  roleRoutes,
  roleServices,
} from "./roles/role-table.js";

/**
 * The composition root: builds every part of the hub from its config and wires the seams. Nothing
 * happens in the constructor; start() opens the database, migrates, and starts broker, HTTP, Socket.IO,
 * ingest and retention in dependency order; stop() undoes it in reverse and drains accepted events.
 */
export class Hub {
  readonly logger: Logger;
  /** Set when start() created the first admin account, so the CLI can show its password once. */
  initialAdmin: { email: string; password: string } | null = null;
  private running?: HubParts;

  constructor(
    readonly config: HubConfig,
    private readonly options: HubOptions = {},
  ) {
    this.logger = options.logger ?? createLogger(config.logLevel);
  }

  get parts(): HubParts {
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
    const events = createHubEventBus({ logger, metrics });
    const roleOptions = { coaching: config.coaching, logger, options: this.options.roles };
    const roles = configuredRoles({ ...config.ingest, ...roleOptions });
    const database = await openDatabase(config.database);
    await runMigrations(database);
    logger.info({ database: database.describe }, "database ready");
    if (!this.options.skipInitialAdmin) this.initialAdmin = await ensureInitialAdmin(database.db, logger);

    const auth = new AuthService({ database, config, logger, events });
    await auth.start();
    const integrator = integratorAccount(config.integrations);
    const brokerAuth = createBrokerAuth({ db: database.db, metrics, logger, integrator });
    const transport = createTransport({ config, brokerAuth, metrics, logger });
    const commands = createCommandService({ database, transport, metrics, logger, config });
    const liveSessions = new LiveSessions({ commands, logger });

    let ingest: IngestService | undefined;
    const revoke = {
      invalidate: (username: string) => {
        brokerAuth.invalidate(username);
        const device = parseDeviceUsername(username);
        if (!device) return;
        ingest?.invalidateDevice(device.site, device.device);
        metrics.devices.forget(device.site, device.device);
      },
    };
    const ready = async (): Promise<ReadinessReport> => {
      const checks: Record<string, string> = { database: await checkDatabase(database) };
      checks.mqtt = ingest ? "ok" : "starting";
      return { ok: Object.values(checks).every((v) => v === "ok"), checks };
    };
    // REST and Socket.IO need the alert engine; it reaches dashboards through the bus, so either may come first.
    const alerts = createAlertEngine({
      database,
      logger,
      metrics,
      events,
      families: roleAlertFamilies(roles),
      ...this.options.alerts,
    });
    const allowList = config.ipAllowList?.length ? createIpAllowList(config.ipAllowList) : undefined;
    const allowAddress = allowList ? upgradeAddressCheck(allowList, config.trustedProxies) : undefined;
    const services = roleServices(roles, {
      config,
      database,
      events,
      metrics,
      logger,
      authenticator: auth,
      accessEvents: auth.accessEvents,
      commands,
      allowAddress,
    });
    const running = Object.values<RoleServices>(services);
    const accessLog = new AccessLogWriter(database.db, logger, metrics);
    const app = createHttpApp({
      roleRoutes: roleRoutes(roles, running),
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
    // Last: the dashboard answers only paths no API route took.
    if (config.dashboardDir) registerDashboard(app, { dir: config.dashboardDir, logger });
    const server = await listen(app, config);

    const adapter =
      config.cluster && config.database.kind === "postgres"
        ? await createPostgresAdapter({ url: config.database.url, logger })
        : undefined;
    const socket = createSocketServer({
      initialState: roleInitialState(roles, running),
      httpServer: server,
      authenticator: auth,
      database,
      metrics,
      logger,
      onLiveWatch: liveSessions.hook,
      adapter: adapter?.adapter,
      instanceId: config.instanceId,
      allowAddress,
      alerts,
      accessEvents: auth.accessEvents,
    });
    // Dashboards subscribe first, so a live event reaches them before anything else reacts to it.
    const subscriptions = [
      broadcastDomainEvents(events, socket.broadcaster),
      // Heartbeats and availability feed the per-device and per-camera series of /metrics.
      events.on("health", (e) => metrics.devices.heartbeat(e.site, e.device, e.data)),
      events.on("availability", (e) =>
        metrics.devices.availability(e.site, e.device, e.data.state === "online"),
      ),
      resyncConfigOnReconnect(events, {
        db: database.db,
        logger,
        push: (site, device) =>
          pushDeviceConfig(
            { db: database.db, commands, logger, commandTimeoutMs: config.commandTimeoutMs },
            site,
            device,
          ),
        flush: () => ingest?.flush() ?? Promise.resolve(),
      }),
    ];
    for (const service of running) service.attach({ server, io: socket.io });
    ingest = createIngestService({
      database,
      transport,
      events,
      modules: ingestModules(roles),
      commands,
      metrics,
      logger,
      config,
    });
    await ingest.start();
    const integrations = await startIntegrations({ config, transport, events, db: database.db, logger });
    // Subscribes the engine to device events; until then they only reach dashboards, as before.
    await alerts.start();
    // After the engine, before anything raises: alert events become persisted deliveries; pending ones resume.
    const notifications = new NotificationDispatcher({
      db: database.db,
      events,
      logger,
      metrics: notificationMetrics(metrics.registry),
      ...this.options.notifications,
    });
    notifications.start();
    const retention = createRetentionJob({
      database,
      config,
      logger,
      dataDir: config.dataDir,
      eventTables: roleEventTables(roles),
    });
    retention.start();

    this.running = {
      database,
      metrics,
      events,
      auth,
      transport,
      app,
      server,
      socket,
      ingest,
      liveSessions,
      roles: services,
      retention,
      alerts,
      notifications,
      commands,
      adapter,
      accessLog,
      integrations,
      unsubscribe: () => {
        for (const off of subscriptions) off();
      },
    };
    logger.info({ ports: this.ports(), mqtt: config.mqtt.kind }, "hub started");
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    await r.retention.stop();
    await r.alerts.stop();
    await r.notifications.stop();
    // Live sessions end through the command service, so the socket server closes first.
    await r.socket.close();
    r.liveSessions.close();
    // Roles' services feed ingest-side writers of their own; they stop before ingest drains.
    for (const service of Object.values<RoleServices>(r.roles)) await service.stop();
    await r.integrations.stop();
    await r.ingest.stop();
    r.unsubscribe();
    r.commands.stop();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
    await r.adapter?.close();
    await r.accessLog.stop();
    await r.database.close();
    this.logger.info("hub stopped");
  }
}
