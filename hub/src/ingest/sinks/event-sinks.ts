import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attentionEvents, attentionSessions, gateLogs, snapshots } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { chunked, rowsPerStatement } from "../db-errors.js";

export type GateLogRow = typeof gateLogs.$inferInsert & { id: string };
export type SnapshotRow = typeof snapshots.$inferInsert & { id: string };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Insert-only tables keyed by event id: a replayed event is simply not inserted again. */
function insertOnce<Row extends { id: string }>(
  name: string,
  table: typeof gateLogs | typeof snapshots,
  columns: number,
): BatchSink<Row, Db> {
  return {
    name,
    async write(tx, rows) {
      for (const chunk of chunked([...rows].sort(byId), rowsPerStatement(columns))) {
        await tx.insert(table).values(chunk as never[]).onConflictDoNothing();
      }
    },
  };
}

export const gateLogSink = insertOnce<GateLogRow>("gate_logs", gateLogs, 23);
export const snapshotSink = insertOnce<SnapshotRow>("snapshots", snapshots, 11);

/** What one attention event adds to its session; applied only if the event row is new. */
export interface SessionDelta {
  siteId: string;
  sessionId: string;
  deviceId: string;
  cameraId: string;
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
    for (const [state, ms] of Object.entries(d.stateMs)) into.stateMs[state] = (into.stateMs[state] ?? 0) + ms;
    into.alerts += d.alerts;
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
}

/**
 * attention_events plus the session they belong to: time per state is added up (jsonb merge), the
 * state follows the latest event, alerts are counted. Like seat statistics, only new events count.
 */
export const attentionSink: BatchSink<AttentionRow, Db> = {
  name: "attention",
  async write(tx, rows) {
    const inserted = new Set<string>();
    const events = [...new Map(rows.map((r) => [r.event.id, r.event])).values()].sort(byId);
    for (const chunk of chunked(events, rowsPerStatement(13))) {
      const done = await tx
        .insert(attentionEvents)
        .values(chunk)
        .onConflictDoNothing()
        .returning({ id: attentionEvents.id });
      for (const { id } of done) inserted.add(id);
    }
    const sessions = mergeSessionDeltas(rows.filter((r) => inserted.delete(r.event.id)).map((r) => r.session));
    for (const chunk of chunked(sessions, rowsPerStatement(10))) {
      await tx
        .insert(attentionSessions)
        .values(
          chunk.map((s) => ({
            siteId: s.siteId,
            id: s.sessionId,
            deviceId: s.deviceId,
            cameraId: s.cameraId,
            startedAt: new Date(s.startedAt),
            lastEventAt: new Date(s.at),
            state: s.state,
            stateMs: s.stateMs,
            alerts: s.alerts,
          })),
        )
        .onConflictDoUpdate({
          target: [attentionSessions.siteId, attentionSessions.id],
          set: {
            startedAt: sql`least(${attentionSessions.startedAt}, excluded.started_at)`,
            lastEventAt: sql`greatest(${attentionSessions.lastEventAt}, excluded.last_event_at)`,
            state: sql`case when excluded.last_event_at >= ${attentionSessions.lastEventAt}
              then excluded.state else ${attentionSessions.state} end`,
            stateMs: sql`(select coalesce(jsonb_object_agg(key, total), '{}'::jsonb) from (
              select key, sum(value::bigint) as total from (
                select * from jsonb_each_text(${attentionSessions.stateMs})
                union all select * from jsonb_each_text(excluded.state_ms)
              ) parts group by key) sums)`,
            alerts: sql`${attentionSessions.alerts} + excluded.alerts`,
          },
        });
    }
  },
};
