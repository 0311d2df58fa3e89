import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../observability/logger.js";
import type { AccessLogWriter, AccessRow } from "../access-log-writer.js";
import type { AppEnv } from "../app-types.js";
import { remoteAddress } from "./request-context.js";

const UNLOGGED = new Set(["/healthz", "/readyz", "/metrics"]);

/** One pino line and one access_log row per request, except health probes and metric scrapes. */
export function accessLogMiddleware(writer: AccessLogWriter, logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (UNLOGGED.has(c.req.path)) return;
    const durationMs = Math.round(performance.now() - started);
    const row: AccessRow = {
      at: new Date(),
      requestId: c.get("requestId"),
      userId: c.get("principal")?.userId ?? null,
      method: c.req.method,
      path: c.req.path.slice(0, 1024),
      status: c.res.status,
      ip: remoteAddress(c) ?? null,
      durationMs,
    };
    logger.info(
      {
        requestId: row.requestId,
        method: row.method,
        path: row.path,
        status: row.status,
        ms: durationMs,
        userId: row.userId,
        ip: row.ip,
      },
      "request",
    );
    writer.add(row);
  };
}
