import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { seatEvents, seatStatus } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { mergeDeltas, type OccupancyDelta } from "../occupancy-rollup.js";
import { type Column, columnList, executeRows, unnestSelect } from "./unnest.js";

export interface SeatEventRow {
  event: typeof seatEvents.$inferInsert & { id: string; at: Date };
  /** What this event adds to occupancy_stats; applied only if the event row is new. */
  deltas: OccupancyDelta[];
}

export type SeatStatusRow = typeof seatStatus.$inferInsert & { since: Date };

type Event = SeatEventRow["event"];
const eventColumns: Column<Event>[] = [
  { name: "id", type: "uuid", value: (e) => e.id },
  { name: "site_id", type: "text", value: (e) => e.siteId },
  { name: "device_id", type: "text", value: (e) => e.deviceId },
  { name: "camera_id", type: "text", value: (e) => e.cameraId },
  { name: "seat_id", type: "text", value: (e) => e.seatId },
  { name: "from_state", type: "text", value: (e) => e.fromState },
  { name: "to_state", type: "text", value: (e) => e.toState },
  { name: "at", type: "timestamptz", value: (e) => e.at },
  { name: "vacancy_ms", type: "bigint", value: (e) => e.vacancyMs },
  { name: "stay_ms", type: "bigint", value: (e) => e.stayMs },
  { name: "confidence", type: "real", value: (e) => e.confidence },
  { name: "evidence", type: "jsonb", value: (e) => e.evidence },
  { name: "seq", type: "bigint", value: (e) => e.seq },
];

const statsColumns: Column<OccupancyDelta>[] = [
  { name: "site_id", type: "text", value: (d) => d.siteId },
  { name: "seat_id", type: "text", value: (d) => d.seatId },
  { name: "hour", type: "timestamptz", value: (d) => new Date(d.hour) },
  { name: "occupied_ms", type: "bigint", value: (d) => d.occupiedMs },
  { name: "vacant_ms", type: "bigint", value: (d) => d.vacantMs },
  { name: "held_ms", type: "bigint", value: (d) => d.heldMs },
  { name: "unknown_ms", type: "bigint", value: (d) => d.unknownMs },
  { name: "entries", type: "integer", value: (d) => d.entries },
  { name: "stays", type: "integer", value: (d) => d.stays },
  { name: "stay_ms_total", type: "bigint", value: (d) => d.stayMsTotal },
  { name: "held_incidents", type: "integer", value: (d) => d.heldIncidents },
];
const additive = statsColumns
  .slice(3)
  .map((c) => `${c.name} = occupancy_stats.${c.name} + excluded.${c.name}`);

const statusColumns: Column<SeatStatusRow>[] = [
  { name: "site_id", type: "text", value: (s) => s.siteId },
  { name: "seat_id", type: "text", value: (s) => s.seatId },
  { name: "state", type: "text", value: (s) => s.state },
  { name: "since", type: "timestamptz", value: (s) => s.since },
  { name: "confidence", type: "real", value: (s) => s.confidence },
  { name: "evidence", type: "jsonb", value: (s) => s.evidence },
  { name: "last_event_id", type: "uuid", value: (s) => s.lastEventId },
];

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The same event twice in one statement would make `returning` ambiguous; keep the first. */
function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
}

/**
 * seat_events plus the hourly roll-up. The roll-up is added only for events this transaction really
 * inserted (`returning` lists them), so a replayed event — after a hub restart, or delivered to two hub
 * instances — adds nothing: statistics stay exactly-once together with the events. Keys are written in
 * sorted order so concurrent writers (two hub instances) lock rows in the same order.
 */
export const seatEventsSink: BatchSink<SeatEventRow, Db> = {
  name: "seat_events",
  async write(tx, rows) {
    const events = uniqueById(rows.map((r) => r.event)).sort(byId);
    const inserted = await executeRows<{ id: string }>(
      tx,
      sql`insert into seat_events ${columnList(eventColumns)} ${unnestSelect(events, eventColumns)}
          on conflict do nothing returning id`,
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const deltas = mergeDeltas(rows.filter((r) => fresh.delete(r.event.id)).flatMap((r) => r.deltas));
    if (deltas.length === 0) return;
    await tx.execute(
      sql`insert into occupancy_stats ${columnList(statsColumns)} ${unnestSelect(deltas, statsColumns)}
          on conflict (site_id, seat_id, hour) do update set ${sql.raw(additive.join(", "))}`,
    );
  },
};

/**
 * Current seat state. Only a newer `since` replaces the stored one, so late or replayed events (and
 * retained snapshots) never roll a seat back. One row per seat per statement, in key order.
 */
export const seatStatusSink: BatchSink<SeatStatusRow, Db> = {
  name: "seat_status",
  async write(tx, rows) {
    const latest = new Map<string, SeatStatusRow>();
    for (const row of rows) {
      const key = `${row.siteId}\u0000${row.seatId}`;
      const current = latest.get(key);
      if (!current || row.since.getTime() >= current.since.getTime()) latest.set(key, row);
    }
    const ordered = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    await tx.execute(
      sql`insert into seat_status ${columnList(statusColumns)} ${unnestSelect(ordered, statusColumns)}
          on conflict (site_id, seat_id) do update set
            state = excluded.state, since = excluded.since, confidence = excluded.confidence,
            evidence = excluded.evidence, last_event_id = excluded.last_event_id, updated_at = now()
          where excluded.since > seat_status.since`,
    );
  },
};
