import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attentionEvents, attentionSessions } from "../../db/schema/index.js";
import type { BatchSink } from "../../ingest/batch-writer.js";
import { byId, columnList, executeRows, recordsSelect, tableColumns } from "../../ingest/sinks/records.js";

/** What one attention event adds to its session; applied only if the event row is new. */
export interface SessionDelta {
  siteId: string;
  sessionId: string;
  /** Null for a learner's own session (browser or frame path), which no device sends. */
  deviceId: string | null;
  cameraId: string | null;
  startedAt: number;
  at: number;
  state: string;
  stateMs: Record<string, number>;
  alerts: number;
}

export interface AttentionRow {
  event: typeof attentionEvents.$inferInsert & { id: string };
  session: SessionDelta;
}

/** Folds the deltas of one batch into one row per session (required by a multi-row upsert). */
export function mergeSessionDeltas(deltas: readonly SessionDelta[]): SessionDelta[] {
  const merged = new Map<string, SessionDelta>();
  for (const d of deltas) {
    const k = `${d.siteId}\u0000${d.sessionId}`;
    const into = merged.get(k);
    if (!into) {
      merged.set(k, { ...d, stateMs: { ...d.stateMs } });
      continue;
    }
    into.startedAt = Math.min(into.startedAt, d.startedAt);
    if (d.at >= into.at) {
      into.at = d.at;
      into.state = d.state;
    }
    for (const [state, ms] of Object.entries(d.stateMs))
      into.stateMs[state] = (into.stateMs[state] ?? 0) + ms;
    into.alerts += d.alerts;
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
}

type AttentionEvent = AttentionRow["event"];
const eventColumns = tableColumns<typeof attentionEvents, AttentionEvent>(attentionEvents, [
  "id",
  "siteId",
  "sessionId",
  "deviceId",
  "cameraId",
  "kind",
  "fromState",
  "toState",
  "at",
  "durationMs",
  "metrics",
  "confidence",
  "seq",
]);

const sessionColumns = tableColumns<typeof attentionSessions, SessionDelta>(
  attentionSessions,
  ["siteId", "id", "deviceId", "cameraId", "startedAt", "lastEventAt", "state", "stateMs", "alerts"],
  {
    id: (s) => s.sessionId,
    startedAt: (s) => new Date(s.startedAt),
    lastEventAt: (s) => new Date(s.at),
  },
);

/**
 * attention_events plus the session they belong to: time per state is added up (jsonb merge), the
 * state follows the latest event, alerts are counted. Like seat statistics, only new events count.
 */
export const attentionSink: BatchSink<AttentionRow, Db> = {
  name: "attention",
  async write(tx, rows) {
    const events = [...new Map(rows.map((r) => [r.event.id, r.event])).values()].sort(byId);
    const inserted = await executeRows<{ id: string }>(
      tx,
      sql`insert into attention_events ${columnList(eventColumns)} ${recordsSelect(events, eventColumns)}
          on conflict do nothing returning id`,
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const sessions = mergeSessionDeltas(rows.filter((r) => fresh.delete(r.event.id)).map((r) => r.session));
    if (sessions.length === 0) return;
    await tx.execute(sql`
      insert into attention_sessions ${columnList(sessionColumns)} ${recordsSelect(sessions, sessionColumns)}
      on conflict (site_id, id) do update set
        started_at = least(attention_sessions.started_at, excluded.started_at),
        last_event_at = greatest(attention_sessions.last_event_at, excluded.last_event_at),
        state = case when excluded.last_event_at >= attention_sessions.last_event_at
          then excluded.state else attention_sessions.state end,
        state_ms = (select coalesce(jsonb_object_agg(key, total), '{}'::jsonb) from (
          select key, sum(value::bigint) as total from (
            select * from jsonb_each_text(attention_sessions.state_ms)
            union all select * from jsonb_each_text(excluded.state_ms)
          ) parts group by key) sums),
        alerts = attention_sessions.alerts + excluded.alerts`);
  },
};
