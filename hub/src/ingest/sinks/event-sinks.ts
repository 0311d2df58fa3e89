import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { attentionEvents, gateLogs, snapshots } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { type Column, columnList, executeRows, recordsSelect } from "./records.js";

export type GateLogRow = typeof gateLogs.$inferInsert & { id: string };
export type SnapshotRow = typeof snapshots.$inferInsert & { id: string };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Insert-only tables keyed by event id: a replayed event is simply not inserted again. */
function insertOnce<Row extends { id: string }>(table: string, columns: Column<Row>[]): BatchSink<Row, Db> {
  return {
    name: table,
    async write(tx, rows) {
      await tx.execute(
        sql`insert into ${sql.raw(table)} ${columnList(columns)} ${recordsSelect([...rows].sort(byId), columns)}
            on conflict do nothing`,
      );
    },
  };
}

export const gateLogSink = insertOnce<GateLogRow>("gate_logs", [
  { name: "id", type: "uuid", value: (r) => r.id },
  { name: "site_id", type: "text", value: (r) => r.siteId },
  { name: "device_id", type: "text", value: (r) => r.deviceId },
  { name: "camera_id", type: "text", value: (r) => r.cameraId },
  { name: "at", type: "timestamptz", value: (r) => r.at },
  { name: "owner_code", type: "text", value: (r) => r.ownerCode },
  { name: "category", type: "text", value: (r) => r.category },
  { name: "serial", type: "text", value: (r) => r.serial },
  { name: "check_digit", type: "integer", value: (r) => r.checkDigit },
  { name: "check_digit_valid", type: "boolean", value: (r) => r.checkDigitValid },
  { name: "container_number", type: "text", value: (r) => r.containerNumber },
  { name: "raw_text", type: "text", value: (r) => r.rawText },
  { name: "plate", type: "text", value: (r) => r.plate },
  { name: "vehicle_class", type: "text", value: (r) => r.vehicleClass },
  { name: "direction", type: "text", value: (r) => r.direction },
  { name: "confidence", type: "real", value: (r) => r.confidence },
  { name: "snapshot_ref", type: "text", value: (r) => r.snapshotRef },
  { name: "box", type: "jsonb", value: (r) => r.box },
  { name: "track_id", type: "integer", value: (r) => r.trackId },
  { name: "seq", type: "bigint", value: (r) => r.seq },
]);

export const snapshotSink = insertOnce<SnapshotRow>("snapshots", [
  { name: "id", type: "uuid", value: (r) => r.id },
  { name: "site_id", type: "text", value: (r) => r.siteId },
  { name: "device_id", type: "text", value: (r) => r.deviceId },
  { name: "camera_id", type: "text", value: (r) => r.cameraId },
  { name: "command_id", type: "uuid", value: (r) => r.commandId },
  { name: "at", type: "timestamptz", value: (r) => r.at },
  { name: "path", type: "text", value: (r) => r.path },
  { name: "bytes", type: "integer", value: (r) => r.bytes },
  { name: "width", type: "integer", value: (r) => r.width },
  { name: "height", type: "integer", value: (r) => r.height },
  { name: "faces_blurred", type: "boolean", value: (r) => r.facesBlurred },
]);

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
    for (const [state, ms] of Object.entries(d.stateMs))
      into.stateMs[state] = (into.stateMs[state] ?? 0) + ms;
    into.alerts += d.alerts;
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
}

type AttentionEvent = AttentionRow["event"];
const eventColumns: Column<AttentionEvent>[] = [
  { name: "id", type: "uuid", value: (e) => e.id },
  { name: "site_id", type: "text", value: (e) => e.siteId },
  { name: "session_id", type: "text", value: (e) => e.sessionId },
  { name: "device_id", type: "text", value: (e) => e.deviceId },
  { name: "camera_id", type: "text", value: (e) => e.cameraId },
  { name: "kind", type: "text", value: (e) => e.kind },
  { name: "from_state", type: "text", value: (e) => e.fromState },
  { name: "to_state", type: "text", value: (e) => e.toState },
  { name: "at", type: "timestamptz", value: (e) => e.at },
  { name: "duration_ms", type: "bigint", value: (e) => e.durationMs },
  { name: "metrics", type: "jsonb", value: (e) => e.metrics },
  { name: "confidence", type: "real", value: (e) => e.confidence },
  { name: "seq", type: "bigint", value: (e) => e.seq },
];

const sessionColumns: Column<SessionDelta>[] = [
  { name: "site_id", type: "text", value: (s) => s.siteId },
  { name: "id", type: "text", value: (s) => s.sessionId },
  { name: "device_id", type: "text", value: (s) => s.deviceId },
  { name: "camera_id", type: "text", value: (s) => s.cameraId },
  { name: "started_at", type: "timestamptz", value: (s) => new Date(s.startedAt) },
  { name: "last_event_at", type: "timestamptz", value: (s) => new Date(s.at) },
  { name: "state", type: "text", value: (s) => s.state },
  { name: "state_ms", type: "jsonb", value: (s) => s.stateMs },
  { name: "alerts", type: "integer", value: (s) => s.alerts },
];

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
