import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { occupancyStats, seatEvents, seatStatus } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { chunked, rowsPerStatement } from "../db-errors.js";
import { mergeDeltas, type OccupancyDelta } from "../occupancy-rollup.js";

export interface SeatEventRow {
  event: typeof seatEvents.$inferInsert & { id: string };
  /** What this event adds to occupancy_stats; applied only if the event row is new. */
  deltas: OccupancyDelta[];
}

export type SeatStatusRow = typeof seatStatus.$inferInsert & { since: Date };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * seat_events plus the hourly roll-up. The roll-up is added only for events this transaction really
 * inserted (`returning` lists them), so a replayed event — after a hub restart, or delivered to two hub
 * instances — adds nothing: statistics stay exactly-once together with the events.
 */
export const seatEventsSink: BatchSink<SeatEventRow, Db> = {
  name: "seat_events",
  async write(tx, rows) {
    const events = uniqueEvents(rows.map((r) => r.event)).sort(byId);
    const inserted = new Set<string>();
    for (const chunk of chunked(events, rowsPerStatement(14))) {
      const done = await tx
        .insert(seatEvents)
        .values(chunk)
        .onConflictDoNothing()
        .returning({ id: seatEvents.id });
      for (const { id } of done) inserted.add(id);
    }
    const deltas = mergeDeltas(rows.filter((r) => inserted.delete(r.event.id)).flatMap((r) => r.deltas));
    for (const chunk of chunked(deltas, rowsPerStatement(11))) {
      await tx
        .insert(occupancyStats)
        .values(chunk.map((d) => ({ ...d, hour: new Date(d.hour) })))
        .onConflictDoUpdate({
          target: [occupancyStats.siteId, occupancyStats.seatId, occupancyStats.hour],
          set: {
            occupiedMs: sql`${occupancyStats.occupiedMs} + excluded.occupied_ms`,
            vacantMs: sql`${occupancyStats.vacantMs} + excluded.vacant_ms`,
            heldMs: sql`${occupancyStats.heldMs} + excluded.held_ms`,
            unknownMs: sql`${occupancyStats.unknownMs} + excluded.unknown_ms`,
            entries: sql`${occupancyStats.entries} + excluded.entries`,
            stays: sql`${occupancyStats.stays} + excluded.stays`,
            stayMsTotal: sql`${occupancyStats.stayMsTotal} + excluded.stay_ms_total`,
            heldIncidents: sql`${occupancyStats.heldIncidents} + excluded.held_incidents`,
          },
        });
    }
  },
};

/** The same event twice in one statement would make `returning` ambiguous; keep the first. */
function uniqueEvents<T extends { id: string }>(events: T[]): T[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

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
    for (const chunk of chunked(ordered, rowsPerStatement(8))) {
      await tx
        .insert(seatStatus)
        .values(chunk.map((row) => ({ ...row, updatedAt: new Date() })))
        .onConflictDoUpdate({
          target: [seatStatus.siteId, seatStatus.seatId],
          set: {
            state: sql`excluded.state`,
            since: sql`excluded.since`,
            confidence: sql`excluded.confidence`,
            evidence: sql`excluded.evidence`,
            lastEventId: sql`excluded.last_event_id`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`excluded.since > ${seatStatus.since}`,
        });
    }
  },
};
