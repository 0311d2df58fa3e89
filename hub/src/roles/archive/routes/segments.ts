import { createRoute } from "@hono/zod-openapi";
import { cameraIdSchema } from "@sitewatch/shared-protocol";
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { segments } from "../../../db/schema/index.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { decodeCursor, encodeCursor } from "../../../http/cursor.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, DeviceParams, errors, json, param } from "../../../http/schemas/common.js";
import { SegmentPageSchema, SegmentQuery } from "./analysis-job-schemas.js";

const CameraParams = DeviceParams.extend({ camera: param(cameraIdSchema, "camera") });

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/segments",
  tags: ["archive"],
  summary: "A camera's closed archive segments (the files stay on the device), newest first",
  security: bearer,
  request: { params: CameraParams, query: SegmentQuery },
  responses: { 200: json(SegmentPageSchema, "One page of segments"), ...errors(400, 401, 403, 404) },
});

/** The archive timeline of one camera. */
export function segmentRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;
  app.openapi(list, async (c) => {
    const { site, device, camera } = c.req.valid("param");
    const q = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const filters: SQL[] = [
      eq(segments.siteId, site),
      eq(segments.deviceId, device),
      eq(segments.cameraId, camera),
    ];
    if (q.from) filters.push(gte(segments.startedAt, new Date(q.from)));
    if (q.to) filters.push(lt(segments.startedAt, new Date(q.to)));
    if (q.cursor) {
      const cur = decodeCursor(q.cursor);
      const older = or(
        lt(segments.startedAt, cur.at),
        and(eq(segments.startedAt, cur.at), lt(segments.id, cur.id)),
      );
      if (older) filters.push(older);
    }
    const rows = await db
      .select()
      .from(segments)
      .where(and(...filters))
      .orderBy(desc(segments.startedAt), desc(segments.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > q.limit && last ? encodeCursor({ at: last.startedAt, id: last.id }) : null;
    const items = page.map((r) => ({
      id: r.id,
      device: r.deviceId,
      camera: r.cameraId,
      segment: r.segment,
      uri: r.uri,
      startedAt: r.startedAt.getTime(),
      durationMs: r.durationMs,
      bytes: r.bytes,
      container: r.container,
      codec: r.codec,
    }));
    return c.json({ segments: items, nextCursor }, 200);
  });
}
