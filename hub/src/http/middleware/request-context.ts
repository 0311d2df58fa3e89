import { randomUUID } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Metrics } from "../../observability/metrics.js";
import type { AppEnv } from "../app-types.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a sane `x-request-id` from the caller (or a proxy) or makes one, and echoes it on the response. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set("requestId", id);
    c.set("principal", undefined);
    c.header("x-request-id", id);
    await next();
    c.res.headers.set("x-request-id", id);
  };
}

/**
 * The client's address, for the access log, the IP allow-list and login throttling: the peer's socket
 * address, or behind a trusted reverse proxy the client it forwarded for (client-address.ts).
 */
export function remoteAddress(c: Context<AppEnv>): string | undefined {
  return c.get("clientAddress") ?? peerAddress(c);
}

/** The peer's socket address; `app.request()` callers inject it through the env bindings. */
export function peerAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as AppEnv["Bindings"] | undefined;
  if (env?.remoteAddress) return env.remoteAddress;
  if (!env?.incoming?.socket) return undefined;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * Labels by route pattern (`/api/v1/sites/:site`), never the raw path: raw paths would create one time
 * series per seat or device id and blow up Prometheus.
 */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // Middleware are registered with method ALL; the last non-ALL match is the handler that answered.
    const route = matchedRoutes(c).findLast((r) => r.method !== "ALL")?.path ?? "unmatched";
    const method = c.req.method;
    metrics.httpRequests.inc({ method, route, status: String(c.res.status) });
    metrics.httpSeconds.observe({ method, route }, (performance.now() - started) / 1000);
  };
}
