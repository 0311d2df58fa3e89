import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AlertEngine } from "../alerts/alert-engine.js";
import type { AuthService } from "../auth/auth-service.js";
import type { Principal } from "../auth/principal.js";
import type { CommandService } from "../commands/command-types.js";
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { AccessLogWriter } from "./access-log-writer.js";

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, string>;
}

export interface HttpDeps {
  database: Database;
  config: HubConfig;
  metrics: Metrics;
  logger: Logger;
  auth: AuthService;
  commands?: CommandService;
  /** Drops cached broker credentials of a device, so a revoked device is refused at once. */
  brokerAuth?: { invalidate(username: string): void };
  ready?: () => Promise<ReadinessReport>;
  /** Records acknowledgements and pushes them to dashboards; without it they are only stored. */
  alerts?: Pick<AlertEngine, "acknowledge">;
  /** Supply one to flush it on shutdown; otherwise the app creates its own (timer unref'd). */
  accessLog?: AccessLogWriter;
  /** The roles' REST routes (role table), registered after the core resources. */
  roleRoutes?: readonly RouteRegistrar[];
}

/** Adds one resource's routes to the app; roles contribute theirs through the role table. */
export type RouteRegistrar = (app: App, deps: HttpDeps) => void;

/**
 * Request-scoped values. Bindings are @hono/node-server's (`incoming` is the Node request); tests using
 * `app.request(url, init, env)` may pass `{ incoming: { socket: { remoteAddress } } }` or `{ remoteAddress }`.
 */
export interface AppEnv {
  Bindings: {
    incoming?: { socket?: { remoteAddress?: string } };
    remoteAddress?: string;
  };
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    /** Set only behind HUB_TRUSTED_PROXIES: the client a trusted proxy forwarded for. */
    clientAddress: string | undefined;
  };
}

export type App = OpenAPIHono<AppEnv>;
