import { and, asc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { attentionEvents, attentionMinutes, attentionSessions } from "../../../db/schema/index.js";
import { attentionStates, type MinuteFacts, type SessionFacts, type StoredEvent } from "./report-types.js";
import type { SessionReportInput } from "./session-report.js";
import type { HourBucket } from "./trend-report.js";

// A session lasts hours at most and changes state a few times a minute; this bounds one report.
const MAX_EVENTS = 20_000;
const MAX_MINUTES = 24 * 60;

type SessionRow = typeof attentionSessions.$inferSelect;

export function sessionFacts(row: SessionRow): SessionFacts {
  return {
    id: row.id,
    startedAt: row.startedAt.getTime(),
    endedAt: row.endedAt?.getTime() ?? null,
    lastEventAt: row.lastEventAt.getTime(),
    state: row.state,
    pausedMs: row.pausedMs,
    stateMs: row.stateMs,
    language: row.language,
    learnerId: row.learnerId,
    source: row.source,
  };
}

export async function findSession(db: Db, site: string, session: string): Promise<SessionRow | undefined> {
  const [row] = await db
    .select()
    .from(attentionSessions)
    .where(and(eq(attentionSessions.siteId, site), eq(attentionSessions.id, session)));
  return row;
}

/** Everything one session's report is built from. */
export async function sessionReportInput(db: Db, row: SessionRow): Promise<SessionReportInput> {
  const [events, minutes] = await Promise.all([
    db
      .select({
        kind: attentionEvents.kind,
        fromState: attentionEvents.fromState,
        toState: attentionEvents.toState,
        at: attentionEvents.at,
        durationMs: attentionEvents.durationMs,
      })
      .from(attentionEvents)
      .where(and(eq(attentionEvents.siteId, row.siteId), eq(attentionEvents.sessionId, row.id)))
      .orderBy(asc(attentionEvents.at), asc(attentionEvents.id))
      .limit(MAX_EVENTS),
    db
      .select()
      .from(attentionMinutes)
      .where(and(eq(attentionMinutes.siteId, row.siteId), eq(attentionMinutes.sessionId, row.id)))
      .orderBy(asc(attentionMinutes.minute))
      .limit(MAX_MINUTES),
  ]);
  return {
    session: sessionFacts(row),
    events: events.map((e): StoredEvent => ({ ...e, at: e.at.getTime() })),
    minutes: minutes.map(
      (m): MinuteFacts => ({
        minute: m.minute.getTime(),
        samples: m.samples,
        faceSamples: m.faceSamples,
        earAvg: m.earAvg,
        marAvg: m.marAvg,
        blinks: m.blinks,
        stateMs: m.stateMs,
      }),
    ),
  };
}

export interface TrendFilter {
  site: string;
  timezone: string;
  from: Date;
  to: Date;
  /** One learner's sessions; all of the site's when absent. */
  learner?: string;
}

const local = (col: SQL, tz: string) => ({
  day: sql<string>`to_char(${col} at time zone ${tz}, 'YYYY-MM-DD')`,
  hour: sql<number>`extract(hour from ${col} at time zone ${tz})::int`.mapWith(Number),
});
const stateSums = (col: SQL) =>
  Object.fromEntries(
    attentionStates.map((s) => [s, sql<number>`coalesce(sum((${col} ->> ${s})::float8), 0)`.mapWith(Number)]),
  ) as Record<(typeof attentionStates)[number], SQL<number>>;

/**
 * Hour buckets (site-local day and hour) for the over-time report. Learner sessions have per-minute
 * rows, bucketed by minute; edge sessions have none and count whole, in the hour they started. Alerts
 * are bucketed by their own time. Grouped by output position (see occupancy-stats.ts for why).
 */
export async function trendBuckets(
  db: Db,
  f: TrendFilter,
): Promise<{ buckets: HourBucket[]; sessions: number }> {
  const s = attentionSessions;
  const m = attentionMinutes;
  const learner = f.learner === undefined ? undefined : eq(s.learnerId, f.learner);
  const joinSession = and(eq(s.siteId, m.siteId), eq(s.id, m.sessionId));
  const [minuteRows, edgeRows, alertRows, [count]] = await Promise.all([
    db
      .select({
        ...local(sql`${m.minute}`, f.timezone),
        ...stateSums(sql`${m.stateMs}`),
        blinks: sql<number>`coalesce(sum(${m.blinks}), 0)::float8`.mapWith(Number),
      })
      .from(m)
      .innerJoin(s, joinSession)
      .where(and(eq(m.siteId, f.site), gte(m.minute, f.from), lt(m.minute, f.to), learner))
      .groupBy(sql`1, 2`),
    db
      .select({ ...local(sql`${s.startedAt}`, f.timezone), ...stateSums(sql`${s.stateMs}`) })
      .from(s)
      .where(
        and(
          eq(s.siteId, f.site),
          gte(s.startedAt, f.from),
          lt(s.startedAt, f.to),
          learner,
          sql`not exists (select 1 from ${m} where ${m.siteId} = ${s.siteId} and ${m.sessionId} = ${s.id})`,
        ),
      )
      .groupBy(sql`1, 2`),
    db
      .select({
        ...local(sql`${attentionEvents.at}`, f.timezone),
        alerts: sql<number>`count(*)::int`.mapWith(Number),
      })
      .from(attentionEvents)
      .innerJoin(s, and(eq(s.siteId, attentionEvents.siteId), eq(s.id, attentionEvents.sessionId)))
      .where(
        and(
          eq(attentionEvents.siteId, f.site),
          eq(attentionEvents.kind, "alert"),
          gte(attentionEvents.at, f.from),
          lt(attentionEvents.at, f.to),
          learner,
        ),
      )
      .groupBy(sql`1, 2`),
    db
      .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(s)
      .where(and(eq(s.siteId, f.site), gte(s.startedAt, f.from), lt(s.startedAt, f.to), learner)),
  ]);

  const buckets = new Map<string, HourBucket>();
  const at = (day: string, hour: number) => {
    const key = `${day} ${hour}`;
    const found = buckets.get(key);
    if (found) return found;
    const b: HourBucket = { day, hour, stateMs: {}, blinks: 0, blinkFaceMs: 0, alerts: 0 };
    buckets.set(key, b);
    return b;
  };
  const addStates = (b: HourBucket, r: Record<string, unknown>) => {
    for (const state of attentionStates) b.stateMs[state] = (b.stateMs[state] ?? 0) + Number(r[state]);
  };
  for (const r of minuteRows) {
    const b = at(r.day, r.hour);
    addStates(b, r);
    b.blinks += r.blinks;
    b.blinkFaceMs += attentionStates.reduce((t, st) => (st === "absent" ? t : t + r[st]), 0);
  }
  for (const r of edgeRows) addStates(at(r.day, r.hour), r);
  for (const r of alertRows) at(r.day, r.hour).alerts += r.alerts;
  return { buckets: [...buckets.values()], sessions: count?.n ?? 0 };
}
