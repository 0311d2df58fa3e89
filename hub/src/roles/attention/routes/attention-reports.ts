import { createRoute, type z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { canSeeSite } from "../../../auth/principal.js";
import { sites } from "../../../db/schema/index.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { principalOf, requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, iso, json, SiteParams } from "../../../http/schemas/common.js";
import { type Coach, coachingLanguage } from "../coaching/coach.js";
import { CachedCoach } from "../coaching/coaching-service.js";
import { findSession, sessionReportInput, trendBuckets } from "../report/report-queries.js";
import type { SessionReport } from "../report/report-types.js";
import { buildSessionReport } from "../report/session-report.js";
import { buildTrendReport } from "../report/trend-report.js";
import {
  ReportParams,
  ReportQuery,
  SessionReportSchema,
  TrendQuery,
  TrendReportSchema,
} from "./attention-report-schemas.js";

const tags = ["attention"];
const DAY_MS = 86_400_000;
const DEFAULT_RANGE_MS = 30 * DAY_MS;
// A year and a bit: enough for a school year's trend, and the buckets stay a few thousand rows.
const MAX_RANGE_MS = 400 * DAY_MS;

const sessionReport = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/attention-sessions/{session}/report",
  tags,
  summary: "A focus session's report: focus %, timeline, time per state, alerts, blinks, minute series",
  description:
    "The learner may read their own sessions' reports; site managers and admins every report of their sites. " +
    "`coaching=1` adds short coaching text written from the report's figures only.",
  security: bearer,
  request: { params: ReportParams, query: ReportQuery },
  responses: { 200: json(SessionReportSchema, "The report"), ...errors(400, 401, 403, 404) },
});

const trendReport = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/attention-reports",
  tags,
  summary: "Focus over time for a learner or a site: by hour of day, by weekday, per day, with the trend",
  description:
    "Hours, weekdays and days are the site's local ones. Learners may ask for their own (`learner=me`); " +
    "site managers and admins for any learner of their sites or the whole site.",
  security: bearer,
  request: { params: SiteParams, query: TrendQuery },
  responses: { 200: json(TrendReportSchema, "The report"), ...errors(400, 401, 403, 404) },
});

/** The report routes with a given coach (the composition's; tests pass their own). */
export function attentionReportRoutes(coach: Coach): RouteRegistrar {
  const coaching = new CachedCoach(coach);
  return (app: App, { database }: HttpDeps) => {
    const { db } = database;

    app.openapi(sessionReport, async (c) => {
      const { site, session } = c.req.valid("param");
      const principal = principalOf(c);
      const staff = canSeeSite(principal, site);
      if (staff) await requireSiteRow(c, db, site);
      const row = await findSession(db, site, session);
      // Outsiders learn nothing: a missing session and someone else's answer alike.
      if (!staff && (!row || row.learnerId !== principal.userId))
        throw new ApiError("FORBIDDEN", `you may not read attention session ${session}`);
      if (!row) throw notFound(`attention session ${session}`);
      const report = buildSessionReport(await sessionReportInput(db, row));
      const body = {
        ...sessionReportView(report),
        source: row.source,
        learner: row.learnerId,
        language: row.language,
      };
      if (!c.req.valid("query").coaching) return c.json(body, 200);
      const language = coachingLanguage(row.language);
      return c.json(
        { ...body, coaching: await coaching.get(`${site}\u0000${session}`, report, language) },
        200,
      );
    });

    app.openapi(trendReport, async (c) => {
      const { site } = c.req.valid("param");
      const q = c.req.valid("query");
      const principal = principalOf(c);
      const learner = q.learner === "me" ? principal.userId : q.learner;
      if (!canSeeSite(principal, site) && learner !== principal.userId)
        throw new ApiError("FORBIDDEN", `you may read only your own attention reports of site ${site}`);
      const [siteRow] = await db.select().from(sites).where(eq(sites.id, site));
      if (!siteRow) throw notFound(`site ${site}`);
      const { from, to } = range(q);
      const f = { site, timezone: siteRow.timezone, from, to, learner };
      const { buckets, sessions } = await trendBuckets(db, f);
      const report = buildTrendReport(buckets);
      return c.json(
        {
          site,
          timezone: siteRow.timezone,
          learner: learner ?? null,
          from: iso(from),
          to: iso(to),
          sessions,
          ...report,
        },
        200,
      );
    });
  };
}

function range(q: { from?: string; to?: string }): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from >= to) throw new ApiError("VALIDATION_FAILED", "`from` must be before `to`");
  if (to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new ApiError("VALIDATION_FAILED", `the range may span at most ${MAX_RANGE_MS / DAY_MS} days`);
  return { from, to };
}

type ReportView = Omit<z.infer<typeof SessionReportSchema>, "source" | "learner" | "language" | "coaching">;

function sessionReportView(r: SessionReport): ReportView {
  const at = (ms: number) => new Date(ms).toISOString();
  return {
    session: r.session,
    startedAt: at(r.startedAt),
    endedAt: r.endedAt === null ? null : at(r.endedAt),
    until: at(r.until),
    trackedMs: r.trackedMs,
    pausedMs: r.pausedMs,
    focusPct: r.focusPct,
    states: r.states,
    timeline: r.timeline.map((s) => ({ ...s, start: at(s.start), end: at(s.end) })),
    alerts: r.alerts.map((a) => ({ ...a, at: at(a.at) })),
    alertCounts: r.alertCounts,
    blinks: r.blinks,
    minutes: r.minutes.map((m) => ({ ...m, minute: at(m.minute) })),
    halves: r.halves,
  };
}
