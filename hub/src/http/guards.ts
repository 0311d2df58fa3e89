import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { type Authenticator, canSeeSite, mayWrite, type Principal } from "../auth/principal.js";
import type { Db } from "../db/client.js";
import { sites } from "../db/schema/index.js";
import { ApiError, notFound } from "../errors/api-error.js";
import type { AppEnv } from "./app-types.js";

export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw new ApiError("UNAUTHENTICATED", "authentication required");
  return principal;
}

export function requireAdmin(c: Context<AppEnv>): Principal {
  const principal = principalOf(c);
  if (principal.role !== "admin") throw new ApiError("FORBIDDEN", "only admins may do this");
  return principal;
}

/**
 * Site scoping. A caller outside the site gets FORBIDDEN whether or not the site exists (the check runs
 * before any lookup), so the answer leaks nothing; only callers who may see a site learn it is missing.
 */
export function requireSite(c: Context<AppEnv>, site: string): Principal {
  const principal = principalOf(c);
  if (!canSeeSite(principal, site)) throw new ApiError("FORBIDDEN", `you may not access site ${site}`);
  return principal;
}

export async function requireSiteRow(c: Context<AppEnv>, db: Db, site: string) {
  const principal = requireSite(c, site);
  const [row] = await db.select().from(sites).where(eq(sites.id, site));
  if (!row) throw notFound(`site ${site}`);
  return { principal, site: row };
}

/** The only /api/v1 routes reachable without a bearer credential. */
export const PUBLIC_ROUTES = new Set([
  "POST /api/v1/auth/login",
  "POST /api/v1/auth/refresh",
  "POST /api/v1/devices/enroll",
]);

/**
 * The one public route that is not a fixed path: an archived segment's file by its playback ticket (a
 * `<video src>` cannot send a header; the 43-character ticket is the capability, roles/archive/playback).
 */
export const PUBLIC_ROUTE_PATTERN = /^GET \/api\/v1\/playback\/[A-Za-z0-9_-]{43}\.mp4$/;

// Video a device uploads: live HLS segments of a session, and archived segments asked for playback.
const DEVICE_VIDEO_UPLOADS =
  /^PUT \/api\/v1\/(live-hls\/[A-Za-z0-9_-]{1,64}\/\d{1,9}|segment-uploads\/[A-Za-z0-9_-]{16,64})$/;

/**
 * Routes a device may also call with its own HTTP Basic credentials (the archive role's job workers and
 * video uploads); without a principal, the route itself must verify them
 * (roles/archive/routes/device-worker-auth.ts).
 */
export const DEVICE_CREDENTIAL_ROUTES =
  /^(POST \/api\/v1\/analysis-jobs\/(claim|[0-9a-f-]{36}\/(heartbeat|complete|fail))|PUT \/api\/v1\/analysis-jobs\/[0-9a-f-]{36}\/thumbnails\/[a-z0-9-]{1,64}\.jpg|PUT \/api\/v1\/(live-hls\/[A-Za-z0-9_-]{1,64}\/\d{1,9}|segment-uploads\/[A-Za-z0-9_-]{16,64}))$/i;

/**
 * Whether a request's body is video a route streams under its own limit (up to PLAYBACK_MAX_SEGMENT_MIB)
 * rather than JSON under the app's 1 MiB body limit. Only binary types qualify: JSON and untyped bodies
 * are read whole by the NUL check before any route sees them.
 */
export function streamsItsBody(c: Context<AppEnv>): boolean {
  const type = c.req.header("content-type") ?? "";
  return (
    DEVICE_VIDEO_UPLOADS.test(`${c.req.method} ${c.req.path}`) &&
    /^(video\/(mp4|mp2t)|application\/octet-stream)\s*(;|$)/i.test(type)
  );
}

// Methods that only read; a read-scoped API token may use nothing else.
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Resolves `Authorization: Bearer <JWT | sw_ API token>` into the request's principal. Deny by default:
 * a route is public only when it is listed above, so a forgotten check cannot open a route. A
 * read-scoped token is refused here for anything but GET/HEAD, so no route has to remember to check.
 */
export function authenticate(auth: Authenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const route = `${c.req.method} ${c.req.path}`;
    if (PUBLIC_ROUTES.has(route) || PUBLIC_ROUTE_PATTERN.test(route)) return next();
    const header = c.req.header("authorization");
    if (header && /^Basic\s/i.test(header) && DEVICE_CREDENTIAL_ROUTES.test(route)) return next();
    if (!header) throw new ApiError("UNAUTHENTICATED", "missing Authorization: Bearer <token> header");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new ApiError("UNAUTHENTICATED", "the Authorization header must be 'Bearer <token>'");
    const principal = await auth.authenticate(match[1]);
    if (!mayWrite(principal) && !READ_METHODS.has(c.req.method)) {
      throw new ApiError("FORBIDDEN", `this API token is read-only: ${c.req.method} is not allowed`, {
        scope: principal.scope,
      });
    }
    c.set("principal", principal);
    await next();
  };
}
