import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import { gateCrops, gateLogs } from "../../../db/schema/index.js";
import { ApiError } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { decodeCursor, encodeCursor } from "../../../http/cursor.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, json, SiteParams } from "../../../http/schemas/common.js";
import { GateLogPageSchema, GateLogQuery, gateLogView } from "./gate-log-schemas.js";

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/gate-logs",
  tags: ["gate"],
  summary: "Gate log entries, newest first, with cursor pagination and filters",
  security: bearer,
  request: { params: SiteParams, query: GateLogQuery },
  responses: { 200: json(GateLogPageSchema, "One page of entries"), ...errors(400, 401, 403, 404) },
});

/** "csqu 305-438" → "CSQU305438": container numbers are stored upper-case without separators. */
export function normaliseContainerNumber(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function registerGateLogRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    const q = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const filters: SQL[] = [eq(gateLogs.siteId, site)];
    if (q.from) filters.push(gte(gateLogs.at, new Date(q.from)));
    if (q.to) filters.push(lt(gateLogs.at, new Date(q.to)));
    if (q.ownerCode) filters.push(eq(gateLogs.ownerCode, q.ownerCode.slice(0, 3).toUpperCase()));
    if (q.camera) filters.push(eq(gateLogs.cameraId, q.camera));
    if (q.device) filters.push(eq(gateLogs.deviceId, q.device));
    if (q.number !== undefined) {
      const part = normaliseContainerNumber(q.number);
      if (!part) throw new ApiError("VALIDATION_FAILED", "`number` must contain letters or digits");
      // Only [A-Z0-9] remain, so the text carries no LIKE wildcards.
      filters.push(like(gateLogs.containerNumber, q.numberMatch === "contains" ? `%${part}%` : `${part}%`));
    }
    if (q.cursor) {
      const cur = decodeCursor(q.cursor);
      const older = or(lt(gateLogs.at, cur.at), and(eq(gateLogs.at, cur.at), lt(gateLogs.id, cur.id)));
      if (older) filters.push(older);
    }
    const rows = await db
      .select({ log: gateLogs, crop: gateCrops.entryId })
      .from(gateLogs)
      .leftJoin(gateCrops, and(eq(gateCrops.entryId, gateLogs.id), eq(gateCrops.siteId, gateLogs.siteId)))
      .where(and(...filters))
      .orderBy(desc(gateLogs.at), desc(gateLogs.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1]?.log;
    const nextCursor = rows.length > q.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null;
    const entries = page.map((r) => gateLogView(r.log, r.crop !== null));
    return c.json({ entries, nextCursor }, 200);
  });
}
