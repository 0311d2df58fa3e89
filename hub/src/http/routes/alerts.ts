import { createRoute } from "@hono/zod-openapi";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { acknowledgeAlert, toHubAlert } from "../../alerts/alert-store.js";
import { alerts } from "../../db/schema/index.js";
import { notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireSiteRow } from "../guards.js";
import { AlertListSchema, AlertParams, AlertQuery, AlertSchema } from "../schemas/alerts.js";
import { bearer, errors, json, SiteParams } from "../schemas/common.js";

const tags = ["alerts"];

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/alerts",
  tags,
  summary: "A site's alerts: held or vacant seats, cameras and devices offline",
  security: bearer,
  request: { params: SiteParams, query: AlertQuery },
  responses: { 200: json(AlertListSchema, "Alerts"), ...errors(400, 401, 403, 404) },
});

const acknowledge = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/alerts/{id}/acknowledge",
  tags,
  summary: "Acknowledge an alert",
  description:
    "Records who acknowledged the alert and pushes it to the site's dashboards again (`alert:raised` with " +
    "acknowledgedAt/By). The alert stays open until its condition ends; acknowledging it again changes nothing.",
  security: bearer,
  request: { params: AlertParams },
  responses: { 200: json(AlertSchema, "The acknowledged alert"), ...errors(400, 401, 403, 404) },
});

export function registerAlertRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    const { state, limit } = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const rows =
      state === "open"
        ? await db
            .select()
            .from(alerts)
            .where(and(eq(alerts.siteId, site), isNull(alerts.resolvedAt)))
            .orderBy(asc(alerts.raisedAt), asc(alerts.id))
            .limit(limit)
        : await db
            .select()
            .from(alerts)
            .where(eq(alerts.siteId, site))
            .orderBy(desc(alerts.raisedAt), desc(alerts.id))
            .limit(limit);
    return c.json({ alerts: rows.map(toHubAlert) }, 200);
  });

  app.openapi(acknowledge, async (c) => {
    const { site, id } = c.req.valid("param");
    const { principal } = await requireSiteRow(c, db, site);
    // Without an engine (an app served on its own) the acknowledgement is stored but pushed nowhere.
    const row = deps.alerts
      ? await deps.alerts.acknowledge(site, id, principal.email)
      : (await acknowledgeAlert(db, site, id, principal.email, Date.now()))?.row;
    if (!row) throw notFound(`alert ${id}`);
    return c.json(toHubAlert(row), 200);
  });
}
