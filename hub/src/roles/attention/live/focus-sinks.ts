import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { attentionMinutes, attentionSessions } from "../../../db/schema/index.js";
import { type BatchSink, BatchWriter, type BatchWriterOptions } from "../../../ingest/batch-writer.js";
import { columnList, recordsSelect, tableColumns } from "../../../ingest/sinks/records.js";
import { attentionSink } from "../attention-sinks.js";

/**
 * A learner session's own row: written at start, at every resume (its paused time) and at the end
 * (final totals). Every value is absolute, so a retried or repeated write changes nothing.
 */
export interface SessionRow {
  siteId: string;
  id: string;
  source: "browser" | "frames";
  learnerId: string;
  language: string | null;
  startedAt: number;
  lastEventAt: number;
  endedAt: number | null;
  state: string;
  pausedMs: number;
  /** Final totals, only at the end: until then attentionSink adds each change's time. */
  stateMs: Record<string, number> | null;
  alerts: number | null;
}

export type MinuteRow = typeof attentionMinutes.$inferInsert & { minute: Date };

const sessionColumns = tableColumns<typeof attentionSessions, SessionRow>(
  attentionSessions,
  [
    "siteId",
    "id",
    "source",
    "learnerId",
    "language",
    "startedAt",
    "lastEventAt",
    "endedAt",
    "state",
    "pausedMs",
    "stateMs",
    "alerts",
  ],
  {
    startedAt: (r) => new Date(r.startedAt),
    lastEventAt: (r) => new Date(r.lastEventAt),
    endedAt: (r) => (r.endedAt === null ? null : new Date(r.endedAt)),
    stateMs: (r) => r.stateMs ?? {},
    alerts: (r) => r.alerts ?? 0,
  },
);

/** Several rows of one session in one batch: the latest (by time, then by end) is the one to keep. */
function latestPerSession(rows: readonly SessionRow[]): SessionRow[] {
  const byKey = new Map<string, SessionRow>();
  for (const r of rows) {
    const k = `${r.siteId}\u0000${r.id}`;
    const seen = byKey.get(k);
    if (!seen || r.endedAt !== null || (seen.endedAt === null && r.lastEventAt >= seen.lastEventAt))
      byKey.set(k, r);
  }
  return [...byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * attention_sessions rows of learner sessions. The change events of the same session go through
 * attentionSink (which may create the row first, as an edge-shaped row): the metadata is set either way.
 */
export const focusSessionSink: BatchSink<SessionRow, Db> = {
  name: "focus-sessions",
  oneStatement: true,
  async write(tx, rows) {
    const sessions = latestPerSession(rows);
    await tx.execute(sql`
      insert into attention_sessions ${columnList(sessionColumns)} ${recordsSelect(sessions, sessionColumns)}
      on conflict (site_id, id) do update set
        source = excluded.source,
        learner_id = excluded.learner_id,
        language = excluded.language,
        started_at = least(attention_sessions.started_at, excluded.started_at),
        paused_ms = greatest(attention_sessions.paused_ms, excluded.paused_ms),
        ended_at = coalesce(excluded.ended_at, attention_sessions.ended_at),
        last_event_at = greatest(attention_sessions.last_event_at, excluded.last_event_at),
        state = case when excluded.ended_at is not null
          or excluded.last_event_at >= attention_sessions.last_event_at
          then excluded.state else attention_sessions.state end,
        state_ms = case when excluded.ended_at is not null
          then excluded.state_ms else attention_sessions.state_ms end,
        alerts = case when excluded.ended_at is not null
          then excluded.alerts else attention_sessions.alerts end`);
  },
};

const minuteColumns = tableColumns<typeof attentionMinutes, MinuteRow>(attentionMinutes, [
  "siteId",
  "sessionId",
  "minute",
  "samples",
  "faceSamples",
  "earAvg",
  "marAvg",
  "blinks",
  "stateMs",
]);

/** attention_minutes: a minute's figures replace what an earlier write of the same minute said. */
export const attentionMinuteSink: BatchSink<MinuteRow, Db> = {
  name: "attention-minutes",
  oneStatement: true,
  async write(tx, rows) {
    // One row per key in a multi-row upsert; a later write of a minute holds more samples.
    const byKey = new Map<string, MinuteRow>();
    for (const r of rows) {
      const k = `${r.siteId}\u0000${r.sessionId}\u0000${r.minute.getTime()}`;
      const seen = byKey.get(k);
      if (!seen || r.samples >= seen.samples) byKey.set(k, r);
    }
    const unique = [...byKey.values()];
    await tx.execute(sql`
      insert into attention_minutes ${columnList(minuteColumns)} ${recordsSelect(unique, minuteColumns)}
      on conflict (site_id, session_id, minute) do update set
        samples = excluded.samples,
        face_samples = excluded.face_samples,
        ear_avg = excluded.ear_avg,
        mar_avg = excluded.mar_avg,
        blinks = excluded.blinks,
        state_ms = excluded.state_ms
        where excluded.samples >= attention_minutes.samples`);
  },
};

/**
 * The batch writer of live sessions' rows, apart from ingest's: nobody waits for these rows but a
 * session's end, and their flushes must not count in the devices' figures.
 */
export function createFocusWriter(
  db: Db,
  opts: Pick<BatchWriterOptions<Db>, "batchRows" | "batchMs" | "maxPending" | "metrics" | "logger">,
): BatchWriter<Db> {
  return new BatchWriter<Db>({
    ...opts,
    // Changes first: a session's final row, written last, replaces the totals they added.
    sinks: [attentionSink, focusSessionSink, attentionMinuteSink],
    transaction: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    direct: (fn) => fn(db),
    // One flush at a time keeps a session's rows in order: its final row commits after its changes.
    concurrency: 1,
  });
}
