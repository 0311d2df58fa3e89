import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { App, HttpDeps, ReadinessReport } from "../app-types.js";
import { json, noAuth } from "../schemas/common.js";

const tags = ["health"];
const Alive = z.object({ ok: z.literal(true), uptimeS: z.number() }).openapi("Alive");
const Ready = z
  .object({
    ok: z.boolean(),
    checks: z.record(z.string(), z.string()).describe("Dependency → 'ok' or the problem"),
  })
  .openapi("Ready");

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags,
  summary: "Liveness: the process answers",
  security: noAuth,
  responses: { 200: json(Alive, "Alive") },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags,
  summary: "Readiness: database, broker and ingest are usable",
  security: noAuth,
  responses: { 200: json(Ready, "Ready"), 503: json(Ready, "Not ready; `checks` says why") },
});

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags,
  summary: "Prometheus metrics (text exposition format)",
  security: noAuth,
  responses: { 200: { description: "Metrics", content: { "text/plain": { schema: z.string() } } } },
});

/** "ok" when the database answers a trivial query, otherwise why it did not. */
export async function checkDatabase(database: HttpDeps["database"]): Promise<string> {
  try {
    await database.db.execute(sql`select 1`);
    return "ok";
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export function registerHealthRoutes(app: App, deps: HttpDeps): void {
  const started = Date.now();
  // Without a readiness probe from the process, at least prove the database answers.
  const ready =
    deps.ready ??
    (async (): Promise<ReadinessReport> => {
      const database = await checkDatabase(deps.database);
      return { ok: database === "ok", checks: { database } };
    });

  app.openapi(healthz, (c) =>
    c.json({ ok: true as const, uptimeS: Math.round((Date.now() - started) / 1000) }, 200),
  );

  app.openapi(readyz, async (c) => {
    let report: ReadinessReport;
    try {
      report = await ready();
    } catch (err) {
      report = { ok: false, checks: { readiness: err instanceof Error ? err.message : String(err) } };
    }
    return report.ok ? c.json(report, 200) : c.json(report, 503);
  });

  app.openapi(metricsRoute, async (c) => {
    const text = await deps.metrics.registry.metrics();
    // Given as the response's own header, prom-client's type (naming the exposition format's version)
    // is kept; set beforehand with c.header(), c.text() replaced it with plain text/plain.
    return c.text(text, 200, { "content-type": deps.metrics.registry.contentType });
  });
}
