import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "hono";
import type { App, AppEnv } from "../http/app-types.js";
import type { Logger } from "../observability/logger.js";
import { type StaticFile, StaticFiles } from "./static-files.js";

// Vite names everything under assets/ by content hash: a changed file gets a new name.
const IMMUTABLE = "public, max-age=31536000, immutable";
// index.html names the current hashes, so browsers must revalidate it on every load.
const REVALIDATE = "no-cache";

/** Paths the hub answers itself; the dashboard never shadows them, not even with its SPA fallback. */
const RESERVED = ["/api", "/socket.io", "/metrics", "/healthz", "/readyz", "/docs", "/openapi"];

export function isReservedPath(path: string): boolean {
  return RESERVED.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));
}

export const MISSING_BUILD_HTML = `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>Sitewatch: dashboard not built</title></head>
  <body>
    <h1>The dashboard is not built yet</h1>
    <p>Run <code>npm run build</code> in the repository root (or set <code>DASHBOARD_DIR</code> to a
    dashboard build), then reload this page.</p>
    <p>The REST API works without it: <a href="/api/docs">/api/docs</a>.</p>
  </body>
</html>
`;

/** True when the client lists `gzip` (or `*`) in Accept-Encoding with a non-zero quality. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name?.trim() !== "gzip" && name?.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

function send(c: Context<AppEnv>, file: StaticFile, cacheControl: string): Response {
  const headers: Record<string, string> = {
    "cache-control": cacheControl,
    etag: file.etag,
    "x-content-type-options": "nosniff",
  };
  if (file.gzip) headers.vary = "accept-encoding";
  if (etagMatches(c.req.header("if-none-match"), file.etag)) return c.body(null, 304, headers);
  headers["content-type"] = file.type;
  if (file.gzip && acceptsGzip(c.req.header("accept-encoding"))) {
    return c.body(file.gzip, 200, { ...headers, "content-encoding": "gzip" });
  }
  return c.body(file.body, 200, headers);
}

/**
 * Serves the dashboard's production build on the REST port: files by path, `index.html` for `/` and,
 * as the single-page app's fallback, for any other page a browser navigates to. Register it after
 * every API route: it answers only what they did not.
 */
export function registerDashboard(app: App, opts: { dir: string; logger: Logger }): void {
  const files = new StaticFiles(opts.dir);
  if (!existsSync(join(files.root, "index.html"))) {
    opts.logger.warn(
      { dashboardDir: files.root },
      "dashboard build not found: / answers 503 until `npm run build` creates it (or set DASHBOARD_DIR)",
    );
  }

  app.get("*", async (c) => {
    // The raw path, decoded once by StaticFiles; Hono's c.req.path is already partly decoded.
    const path = new URL(c.req.url).pathname;
    if (isReservedPath(path)) return c.notFound();
    if (path !== "/" && path !== "/index.html") {
      const file = await files.get(path);
      if (file) return send(c, file, path.startsWith("/assets/") ? IMMUTABLE : REVALIDATE);
      // Missing assets stay 404 (a script tag handed index.html fails obscurely); so does anything a
      // browser did not navigate to, which it marks by accepting text/html.
      if (path.startsWith("/assets/") || !c.req.header("accept")?.includes("text/html")) return c.notFound();
    }
    const index = await files.get("/index.html");
    if (!index) return c.html(MISSING_BUILD_HTML, 503, { "cache-control": "no-store" });
    return send(c, index, REVALIDATE);
  });
}
