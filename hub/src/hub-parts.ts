import type { Server } from "node:http";
import type { AlertEngine } from "./alerts/alert-engine.js";
import type { AuthService } from "./auth/auth-service.js";
import type { createCommandService } from "./commands/command-service.js";
import type { Database } from "./db/client.js";
import type { HubEventBus } from "./events/domain-events.js";
import type { AccessLogWriter } from "./http/access-log-writer.js";
import type { App } from "./http/app-types.js";
import type { IngestService } from "./ingest/ingest-service.js";
import type { Integrations } from "./integrations/start-integrations.js";
import type { MqttTransport } from "./mqtt/transport.js";
import type {
  NotificationDispatcher,
  NotificationDispatcherOptions,
} from "./notifications/notification-dispatcher.js";
import type { Logger } from "./observability/logger.js";
import type { Metrics } from "./observability/metrics.js";
import type { LiveSessions } from "./realtime/live-sessions.js";
import type { PostgresAdapterHandle } from "./realtime/postgres-adapter.js";
import type { SocketServer } from "./realtime/socket-server.js";
import type { RetentionJob } from "./retention/retention-job.js";
import type { HubRoleServices, RoleOptions } from "./roles/role-table.js";

export interface HubOptions {
  logger?: Logger;
  /** Skip creating the first admin account (tests create their own users). */
  skipInitialAdmin?: boolean;
  /** Alert engine clock and tick period (tests); defaults: Date.now and 30 s. */
  alerts?: { now?: () => number; tickMs?: number };
  /** Per-role overrides (tests, benchmarks), e.g. the attention role's focus-session bounds. */
  roles?: RoleOptions;
  /** Notification retry policy, poll period and senders (tests). */
  notifications?: Partial<Pick<NotificationDispatcherOptions, "retry" | "pollMs" | "senders" | "now">>;
}

/** Everything a started hub consists of, for stop() and for tests that reach into one part. */
export interface HubParts {
  database: Database;
  metrics: Metrics;
  /** The domain event bus: ingest, alerts and auth publish; dashboards, alerts and config re-sync listen. */
  events: HubEventBus;
  auth: AuthService;
  transport: MqttTransport;
  app: App;
  accessLog: AccessLogWriter;
  server: Server;
  socket: SocketServer;
  ingest: IngestService;
  liveSessions: LiveSessions;
  /** The roles' long-lived services by role name (the attention role's focus sessions and frame socket). */
  roles: HubRoleServices;
  retention: RetentionJob;
  alerts: AlertEngine;
  notifications: NotificationDispatcher;
  commands: ReturnType<typeof createCommandService>;
  adapter?: PostgresAdapterHandle;
  /** Home Assistant discovery when configured; stops before ingest, whose transport it publishes on. */
  integrations: Integrations;
  /** Ends the subscriptions made here (dashboards, config re-sync). */
  unsubscribe: () => void;
}
