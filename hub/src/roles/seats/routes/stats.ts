import { createRoute, type z } from "@hono/zod-openapi";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, iso, json, SiteParams } from "../../../http/schemas/common.js";
import {
  bucketTotals,
  hourOfDayTotals,
  type StatsFilter,
  seatTotals,
  siteTotals,
  type Totals,
  weekdayHourTotals,
} from "./occupancy-stats.js";
import { timeRange } from "./seat-map.js";
import { StatsQuery, StatsSchema } from "./stats-schemas.js";

const DAY_MS = 86_400_000;

const stats = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/stats",
  tags: ["stats"],
  summary:
    "Occupancy statistics: occupancy %, average stay, turnover, peak hours, weekday × hour heat map, held incidents",
  description:
    "Computed from the hourly roll-up (occupancy_stats), so figures stay available after raw events expire. " +
    "`from`/`to` select whole roll-up hours whose start lies in [from, to).",
  security: bearer,
  request: { params: SiteParams, query: StatsQuery },
  responses: { 200: json(StatsSchema, "Figures for the site (or one seat)"), ...errors(400, 401, 403, 404) },
});

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 2) : null);

type Figures = z.infer<typeof StatsSchema>["series"][number];

function figures(t: Totals): Omit<Figures, "start"> {
  const observed = t.occupiedMs + t.vacantMs + t.heldMs;
  return {
    occupancyPct: ratio(t.occupiedMs, observed),
    heldPct: ratio(t.heldMs, observed),
    avgStayMs: t.stays > 0 ? Math.round(t.stayMsTotal / t.stays) : null,
    entries: t.entries,
    heldIncidents: t.heldIncidents,
    occupiedMs: t.occupiedMs,
    vacantMs: t.vacantMs,
    heldMs: t.heldMs,
    unknownMs: t.unknownMs,
  };
}

/** All 7 × 24 cells, Monday 00:00 first, so a chart needs no gap filling; null where nothing was observed. */
function heatmap(cells: (Totals & { weekday: number; hour: number })[]) {
  const pct = new Map(
    cells.map((c) => [c.weekday * 24 + c.hour, ratio(c.occupiedMs, c.occupiedMs + c.vacantMs + c.heldMs)]),
  );
  return Array.from({ length: 7 * 24 }, (_, i) => ({
    weekday: Math.floor(i / 24),
    hour: i % 24,
    occupancyPct: pct.get(i) ?? null,
  }));
}

export function registerStatsRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;

  app.openapi(stats, async (c) => {
    const q = c.req.valid("query");
    const { site } = await requireSiteRow(c, db, c.req.valid("param").site);
    const { from, to } = timeRange(q, 7 * DAY_MS);
    const f: StatsFilter = { site: site.id, from, to, seat: q.seat, timezone: site.timezone };
    const [total, perSeat, series, byHour, byWeekdayHour] = await Promise.all([
      siteTotals(db, f),
      seatTotals(db, f),
      bucketTotals(db, f, q.bucket),
      hourOfDayTotals(db, f),
      weekdayHourTotals(db, f),
    ]);
    const days = (to.getTime() - from.getTime()) / DAY_MS;
    const peakHours = byHour
      .map((h) => ({ hour: h.hour, occupancyPct: ratio(h.occupiedMs, h.occupiedMs + h.vacantMs + h.heldMs) }))
      .sort((a, b) => (b.occupancyPct ?? -1) - (a.occupancyPct ?? -1) || a.hour - b.hour);
    return c.json(
      {
        site: site.id,
        timezone: site.timezone,
        from: iso(from),
        to: iso(to),
        bucket: q.bucket,
        days: round(days, 6),
        summary: {
          ...figures(total),
          seats: total.seats,
          turnoverPerSeatPerDay: total.seats > 0 ? round(total.entries / total.seats / days, 3) : null,
          heldIncidentsPerDay: round(total.heldIncidents / days, 3),
        },
        series: series.map((b) => ({ start: new Date(b.startMs).toISOString(), ...figures(b) })),
        peakHours,
        heatmap: heatmap(byWeekdayHour),
        seats: perSeat.map((s) => ({
          seat: s.seat,
          ...figures(s),
          turnoverPerDay: round(s.entries / days, 3),
        })),
      },
      200,
    );
  });
}
