import { createRoute } from "@hono/zod-openapi";
import { eq, inArray } from "drizzle-orm";
import { devices, seatStatus, sites } from "../../db/schema/index.js";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { principalOf, requireAdmin, requireSiteRow } from "../guards.js";
import { bearer, body, errors, json, OkBody, SiteParams } from "../schemas/common.js";
import { CreateSiteBody, SiteListSchema, SiteSchema, siteView, UpdateSiteBody } from "../schemas/sites.js";

const tags = ["sites"];

const list = createRoute({
  method: "get",
  path: "/api/v1/sites",
  tags,
  summary: "List the sites you may see",
  security: bearer,
  responses: { 200: json(SiteListSchema, "Sites, by id"), ...errors(401) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}",
  tags,
  summary: "Get a site",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(SiteSchema, "The site"), ...errors(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/sites",
  tags,
  summary: "Create a site (admin)",
  security: bearer,
  request: { body: body(CreateSiteBody) },
  responses: { 201: json(SiteSchema, "The new site"), ...errors(400, 401, 403, 409) },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/sites/{site}",
  tags,
  summary: "Rename a site or change its time zone or alert thresholds (admin)",
  security: bearer,
  request: { params: SiteParams, body: body(UpdateSiteBody) },
  responses: { 200: json(SiteSchema, "The updated site"), ...errors(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/sites/{site}",
  tags,
  summary: "Delete a site with its devices, cameras and seats (admin)",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(OkBody, "Deleted"), ...errors(401, 403, 404) },
});

export function registerSiteRoutes(app: App, { database, brokerAuth, logger, auth }: HttpDeps): void {
  const { db } = database;

  app.openapi(list, async (c) => {
    const p = principalOf(c);
    if (p.sites !== "all" && p.sites.length === 0) return c.json({ sites: [] }, 200);
    const query = db.select().from(sites).orderBy(sites.id);
    const rows = p.sites === "all" ? await query : await query.where(inArray(sites.id, [...p.sites]));
    return c.json({ sites: rows.map(siteView) }, 200);
  });

  app.openapi(get, async (c) => {
    const { site } = await requireSiteRow(c, db, c.req.valid("param").site);
    return c.json(siteView(site), 200);
  });

  app.openapi(create, async (c) => {
    requireAdmin(c);
    const input = c.req.valid("json");
    const [existing] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, input.id));
    if (existing) throw new ApiError("CONFLICT", `site ${input.id} already exists`);
    const [row] = await db.insert(sites).values(input).returning();
    if (!row) throw new Error("site insert returned no row");
    return c.json(siteView(row), 201);
  });

  app.openapi(update, async (c) => {
    requireAdmin(c);
    const id = c.req.valid("param").site;
    const patch = c.req.valid("json");
    const rows =
      Object.keys(patch).length > 0
        ? await db.update(sites).set(patch).where(eq(sites.id, id)).returning()
        : await db.select().from(sites).where(eq(sites.id, id));
    if (!rows[0]) throw notFound(`site ${id}`);
    return c.json(siteView(rows[0]), 200);
  });

  app.openapi(remove, async (c) => {
    requireAdmin(c);
    const id = c.req.valid("param").site;
    const usernames = await db
      .select({ u: devices.mqttUsername })
      .from(devices)
      .where(eq(devices.siteId, id));
    // Devices, cameras, seats and user links go with the site (foreign keys); history stays for retention.
    const deleted = await db.delete(sites).where(eq(sites.id, id)).returning({ id: sites.id });
    if (deleted.length === 0) throw notFound(`site ${id}`);
    await db.delete(seatStatus).where(eq(seatStatus.siteId, id));
    for (const { u } of usernames) brokerAuth?.invalidate(u);
    // Dashboards still in the site's room or watching its cameras leave them.
    auth.accessEvents.emit({ kind: "site-removed", siteId: id });
    logger.info({ site: id, devices: usernames.length }, "site deleted");
    return c.json({ ok: true as const }, 200);
  });
}
