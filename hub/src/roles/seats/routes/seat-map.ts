import { createRoute } from "@hono/zod-openapi";
import type { SeatHistoryEvent } from "@sitewatch/shared-protocol";
import { and, asc, eq, gte, lt } from "drizzle-orm";
import { seatEvents, seatStatus, seats } from "../../../db/schema/index.js";
import { ApiError } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, json, SiteParams } from "../../../http/schemas/common.js";
import { HistoryQuery, SeatHistorySchema, SeatMapSchema, SeatParams } from "./seat-schemas.js";

const tags = ["seats"];
const DAY_MS = 86_400_000;

const seatMap = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/seat-map",
  tags,
  summary: "Every active seat with its current state, polygon and floor-plan position",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(SeatMapSchema, "The live seat map"), ...errors(401, 403, 404) },
});

const history = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/seats/{seat}/history",
  tags,
  summary: "A seat's state changes in a time range, oldest first",
  security: bearer,
  request: { params: SeatParams, query: HistoryQuery },
  responses: { 200: json(SeatHistorySchema, "State changes"), ...errors(400, 401, 403, 404) },
});

/** Resolves optional from/to query values into a checked range; `defaultSpanMs` applies when `from` is omitted. */
export function timeRange(
  q: { from?: string; to?: string },
  defaultSpanMs: number,
): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultSpanMs);
  if (from.getTime() >= to.getTime()) throw new ApiError("VALIDATION_FAILED", "`from` must be before `to`");
  return { from, to };
}

/** A stored change in the `seat:change` message's names; absent stay/vacancy rather than null, as live. */
function seatHistoryEvent(e: typeof seatEvents.$inferSelect): SeatHistoryEvent {
  return {
    id: e.id,
    seat: e.seatId,
    from: e.fromState,
    to: e.toState,
    at: e.at.getTime(),
    ...(e.vacancyMs === null ? {} : { vacancyMs: e.vacancyMs }),
    ...(e.stayMs === null ? {} : { stayMs: e.stayMs }),
    confidence: e.confidence,
    device: e.deviceId,
    camera: e.cameraId,
  };
}

export function registerSeatMapRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;

  app.openapi(seatMap, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const rows = await db
      .select({ seat: seats, status: seatStatus })
      .from(seats)
      .leftJoin(seatStatus, and(eq(seatStatus.siteId, seats.siteId), eq(seatStatus.seatId, seats.id)))
      .where(and(eq(seats.siteId, site), eq(seats.active, true)))
      .orderBy(asc(seats.id));
    const summary = { total: rows.length, empty: 0, occupied: 0, held: 0, unknown: 0 };
    const out = rows.map(({ seat, status }) => {
      const state = status?.state ?? "unknown";
      summary[state]++;
      return {
        seat: seat.id,
        kind: seat.kind,
        device: seat.deviceId,
        camera: seat.cameraId,
        polygon: seat.polygon,
        layout: seat.layoutX === null || seat.layoutY === null ? null : { x: seat.layoutX, y: seat.layoutY },
        state,
        since: status ? status.since.getTime() : null,
        confidence: status?.confidence ?? null,
      };
    });
    return c.json({ site, at: Date.now(), summary, seats: out }, 200);
  });

  app.openapi(history, async (c) => {
    const { site, seat } = c.req.valid("param");
    const q = c.req.valid("query");
    await requireSiteRow(c, db, site);
    // No existence check on the seat: history outlives a deleted seat and stays readable.
    const { from, to } = timeRange(q, DAY_MS);
    const rows = await db
      .select()
      .from(seatEvents)
      .where(
        and(
          eq(seatEvents.siteId, site),
          eq(seatEvents.seatId, seat),
          gte(seatEvents.at, from),
          lt(seatEvents.at, to),
        ),
      )
      .orderBy(asc(seatEvents.at), asc(seatEvents.id))
      .limit(q.limit + 1);
    const truncated = rows.length > q.limit;
    const events = rows.slice(0, q.limit).map(seatHistoryEvent);
    return c.json({ site, seat, from: from.getTime(), to: to.getTime(), truncated, events }, 200);
  });
}
