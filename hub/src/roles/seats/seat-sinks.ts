import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { occupancyStats, seatEvents, seatStatus } from "../../db/schema/index.js";
import type { BatchSink } from "../../ingest/batch-writer.js";
import { byId, type Column, columnList, recordsSelect, tableColumns } from "../../ingest/sinks/records.js";
import { advanceLastSeqSql } from "../../ingest/sinks/sequence-sink.js";
import type { OccupancyDelta } from "./occupancy-rollup.js";

export interface SeatEventRow {
  event: typeof seatEvents.$inferInsert & { id: string; at: Date };
  /** What this event adds to occupancy_stats; applied only if the event row is new. */
  deltas: OccupancyDelta[];
}

export type SeatStatusRow = typeof seatStatus.$inferInsert & { since: Date };

type Event = SeatEventRow["event"];
const eventColumns = tableColumns<typeof seatEvents, Event>(seatEvents, [
  "id",
  "siteId",
  "deviceId",
  "cameraId",
  "seatId",
  "fromState",
  "toState",
  "at",
  "vacancyMs",
  "stayMs",
  "confidence",
  "evidence",
  "seq",
]);

const statsColumns = tableColumns<typeof occupancyStats, OccupancyDelta>(
  occupancyStats,
  [
    "siteId",
    "seatId",
    "hour",
    "occupiedMs",
    "vacantMs",
    "heldMs",
    "unknownMs",
    "entries",
    "stays",
    "stayMsTotal",
    "heldIncidents",
  ],
  { hour: (d) => new Date(d.hour) },
);
const additive = statsColumns
  .slice(3)
  .map((c) => `${c.name} = occupancy_stats.${c.name} + excluded.${c.name}`);

const statusColumns = tableColumns<typeof seatStatus, SeatStatusRow>(seatStatus, [
  "siteId",
  "seatId",
  "state",
  "since",
  "confidence",
  "evidence",
  "lastEventId",
]);

/** The newest row per seat, in key order (one row per seat per statement; same lock order everywhere). */
function latestPerSeat(rows: readonly SeatStatusRow[]): SeatStatusRow[] {
  const latest = new Map<string, SeatStatusRow>();
  for (const row of rows) {
    const key = `${row.siteId}\u0000${row.seatId}`;
    const current = latest.get(key);
    if (!current || row.since.getTime() >= current.since.getTime()) latest.set(key, row);
  }
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
}

/**
 * Current seat state. Only a newer `since` replaces the stored one, so late or replayed events (and
 * retained snapshots) never roll a seat back, whatever order concurrent flushes commit in. A stored
 * `since` further ahead than any accepted clock skew (a row from before event times were bounded) would
 * freeze the seat for good, so it gives way.
 */
/** Beyond INGEST_MAX_CLOCK_SKEW_MS's upper bound (7 days): no accepted event can be this far ahead. */
export const FROZEN_AHEAD = "interval '7 days'";
export const FROZEN_AHEAD_MS = 7 * 24 * 3600 * 1000;

function upsertSeatStatusSql(rows: readonly SeatStatusRow[]): SQL {
  return sql`insert into seat_status ${columnList(statusColumns)} ${recordsSelect(latestPerSeat(rows), statusColumns)}
    on conflict (site_id, seat_id) do update set
      state = excluded.state, since = excluded.since, confidence = excluded.confidence,
      evidence = excluded.evidence, last_event_id = excluded.last_event_id, updated_at = now()
    where excluded.since > seat_status.since or seat_status.since > now() + ${sql.raw(FROZEN_AHEAD)}`;
}

const statusOf = (e: Event): SeatStatusRow => ({
  siteId: e.siteId,
  seatId: e.seatId,
  state: e.toState,
  since: e.at,
  confidence: e.confidence,
  evidence: e.evidence,
  lastEventId: e.id,
});

type EventDelta = OccupancyDelta & { eventId: string };
const deltaColumns: Column<EventDelta>[] = [
  { name: "event_id", type: "uuid", value: (d) => d.eventId },
  ...statsColumns,
];
const sums = statsColumns
  .slice(3)
  .map((c) => `sum(${c.name})::${c.type}`)
  .join(", ");

/**
 * seat_events, the hourly roll-up and the current state, from one queued row per change, in one
 * statement (so a flush of changes alone is one round trip, atomic without BEGIN/COMMIT). The roll-up
 * counts only events the statement really inserted (`inserted`), so a replayed event — after a hub
 * restart, or delivered to two hub instances — adds nothing: statistics stay exactly-once together
 * with the events. A replayed event cannot move seat_status either (newer-since guard). The device's
 * last sequence number advances in the same statement (see sequence-sink.ts). Keys are
 * written in sorted order so concurrent writers lock rows in the same order.
 */
export const seatEventsSink: BatchSink<SeatEventRow, Db> = {
  name: "seat_events",
  oneStatement: true,
  async write(tx, rows) {
    const unique = [...new Map(rows.map((r) => [r.event.id, r])).values()].sort((a, b) =>
      byId(a.event, b.event),
    );
    const events = unique.map((r) => r.event);
    const deltas = unique.flatMap((r) => r.deltas.map((d) => ({ ...d, eventId: r.event.id })));
    await tx.execute(sql`
      with inserted as (
        insert into seat_events ${columnList(eventColumns)} ${recordsSelect(events, eventColumns)}
        on conflict do nothing returning id
      ), deltas as (${recordsSelect(deltas, deltaColumns)}), stats as (
        insert into occupancy_stats ${columnList(statsColumns)}
        select site_id, seat_id, hour, ${sql.raw(sums)} from deltas
        where event_id in (select id from inserted)
        group by site_id, seat_id, hour order by site_id, seat_id, hour
        on conflict (site_id, seat_id, hour) do update set ${sql.raw(additive.join(", "))}
      ), sequence as (${advanceLastSeqSql(events.map((e) => ({ siteId: e.siteId, deviceId: e.deviceId, seq: e.seq })))})
      ${upsertSeatStatusSql(events.map(statusOf))}`);
  },
};

/** Seat state restated by snapshots (changes carry theirs inside seat_events rows). */
export const seatStatusSink: BatchSink<SeatStatusRow, Db> = {
  name: "seat_status",
  oneStatement: true,
  async write(tx, rows) {
    await tx.execute(upsertSeatStatusSql(rows));
  },
};
