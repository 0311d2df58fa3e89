import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../errors/api-error.js";
import { AccessLogWriter } from "./access-log-writer.js";
import type { App, AppEnv, HttpDeps } from "./app-types.js";
import { authenticate, streamsItsBody } from "./guards.js";
import { ipFilter } from "./ip-allow-list.js";
import { accessLogMiddleware } from "./middleware/access-log.js";
import { clientAddress } from "./middleware/client-address.js";
import { errorHandler, notFoundHandler, validationHook } from "./middleware/error-handler.js";
import { refuseNul } from "./middleware/refuse-nul.js";
import { httpMetrics, requestId } from "./middleware/request-context.js";
import { securityHeaders } from "./middleware/security-headers.js";
import { registerOpenApi } from "./openapi.js";
import { registerAlertRoutes } from "./routes/alerts.js";
import { registerAuthRoutes } from "./routes/auth.js";
import { registerCameraRoutes } from "./routes/cameras.js";
import { registerCommandRoutes } from "./routes/commands.js";
import { registerDeviceRoutes } from "./routes/devices.js";
import { registerEnrollmentRoutes } from "./routes/enrollment.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerNotificationChannelRoutes } from "./routes/notification-channels.js";
import { registerNotificationDeliveryRoutes } from "./routes/notification-deliveries.js";
import { registerSetupRoutes } from "./routes/setup.js";
import { registerSiteRoutes } from "./routes/sites.js";
import { registerSnapshotRoutes } from "./routes/snapshots.js";
import { registerTokenRoutes } from "./routes/tokens.js";
import { registerUserRoutes } from "./routes/users.js";

// REST bodies are small JSON documents; seat polygons are the largest at a few KB.
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The hub's REST app: request ids, metrics, access log, optional IP allow-list, bearer auth on /api/v1,
 * every route with zod schemas (and so in the OpenAPI document) and one error shape for every failure.
 * The composition root adds the dashboard's build at `/` after these routes (dashboard-static/ builds
 * on http/, so http/ does not import it). Serve it with @hono/node-server; Socket.IO attaches to the
 * same HTTP server elsewhere.
 */
export function createHttpApp(deps: HttpDeps): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const accessLog = deps.accessLog ?? new AccessLogWriter(deps.database.db, deps.logger, deps.metrics);

  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);

  app.use("*", requestId());
  // First, so that the access log, the allow-list and login throttling all see the same client.
  if (deps.config.trustedProxies && deps.config.trustedProxies.length > 0)
    app.use("*", clientAddress(deps.config.trustedProxies));
  app.use("*", httpMetrics(deps.metrics));
  app.use("*", securityHeaders({ tls: Boolean(deps.config.tls) }));
  if (deps.config.accessLog) app.use("*", accessLogMiddleware(accessLog, deps.logger));
  if (deps.config.ipAllowList && deps.config.ipAllowList.length > 0)
    app.use("*", ipFilter(deps.config.ipAllowList));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `request body exceeds ${MAX_BODY_BYTES} bytes`);
    },
  });
  // Devices' video uploads are streamed by their routes under their own limits.
  app.use("/api/*", (c, next) => (streamsItsBody(c) ? next() : limitBody(c, next)));
  app.use("/api/v1/*", authenticate(deps.auth));
  app.use("/api/*", refuseNul());

  registerHealthRoutes(app, deps);
  registerOpenApi(app);
  registerAuthRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerEnrollmentRoutes(app, deps);
  registerCameraRoutes(app, deps);
  registerCommandRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerSnapshotRoutes(app, deps);
  registerNotificationChannelRoutes(app, deps);
  registerNotificationDeliveryRoutes(app, deps);
  registerSetupRoutes(app, deps);
  for (const register of deps.roleRoutes ?? []) register(app, deps);
  return app;
}
