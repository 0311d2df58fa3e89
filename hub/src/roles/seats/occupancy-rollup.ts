import type { SeatState } from "@sitewatch/shared-protocol";

/**
 * Hourly occupancy statistics from seat transitions. Each transition closes the seat's previous state;
 * the time spent in it is split across the hour buckets it covered.
 *
 * Buckets are UTC hours (epoch ms of the hour's start). In whole-hour time zones every UTC hour is also
 * a local hour, so reports can group them by the site's zone; half-hour zones (e.g. India) would need
 * finer buckets, which the schema does not have.
 */
export const HOUR_MS = 3_600_000;

/**
 * Longest stretch one transition may account for. A hub that was down for a month, or a device with a
 * broken clock, must not write thousands of hour rows for one event; beyond this the time is not counted.
 */
export const MAX_ACCOUNTED_MS = 7 * 24 * HOUR_MS;

export interface OccupancyDelta {
  siteId: string;
  seatId: string;
  /** Start of the UTC hour. */
  hour: number;
  occupiedMs: number;
  vacantMs: number;
  heldMs: number;
  unknownMs: number;
  entries: number;
  stays: number;
  stayMsTotal: number;
  heldIncidents: number;
}

export interface SeatTransition {
  siteId: string;
  seatId: string;
  from: SeatState;
  to: SeatState;
  at: number;
  vacancyMs?: number;
  stayMs?: number;
}

/** What the hub last knew of a seat: its state and when that state began. */
export interface KnownSeatState {
  state: SeatState;
  since: number;
}

const column = {
  empty: "vacantMs",
  occupied: "occupiedMs",
  held: "heldMs",
  unknown: "unknownMs",
} as const satisfies Record<SeatState, keyof OccupancyDelta>;

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Splits [start, end) into per-hour pieces. */
export function splitAcrossHours(start: number, end: number): Array<{ hour: number; ms: number }> {
  const pieces: Array<{ hour: number; ms: number }> = [];
  for (let t = start; t < end; ) {
    const hour = hourOf(t);
    const next = Math.min(hour + HOUR_MS, end);
    pieces.push({ hour, ms: next - t });
    t = next;
  }
  return pieces;
}

/**
 * How long the seat spent in `t.from`. Two witnesses: the device's own durations (vacancyMs when it
 * stops being empty, stayMs when it stops being occupied) and the hub's record of when the seat entered
 * its current state. The smaller one wins: a stale hub record (another hub instance saw the transitions
 * in between) overstates, and a device's stay may include held periods the hub already counted.
 * Undefined when neither witness applies; that time is then not counted rather than guessed.
 */
export function previousStateDuration(
  t: SeatTransition,
  known: KnownSeatState | undefined,
): number | undefined {
  const witnesses: number[] = [];
  if (t.from === "empty" && t.vacancyMs !== undefined) witnesses.push(t.vacancyMs);
  if (t.from === "occupied" && t.stayMs !== undefined) witnesses.push(t.stayMs);
  if (known && known.state === t.from && known.since <= t.at) witnesses.push(t.at - known.since);
  if (witnesses.length === 0) return undefined;
  return Math.min(...witnesses);
}

function emptyDelta(siteId: string, seatId: string, hour: number): OccupancyDelta {
  return {
    siteId,
    seatId,
    hour,
    occupiedMs: 0,
    vacantMs: 0,
    heldMs: 0,
    unknownMs: 0,
    entries: 0,
    stays: 0,
    stayMsTotal: 0,
    heldIncidents: 0,
  };
}

/**
 * The statistics one transition contributes: time in the previous state (per hour), plus the counts
 * that belong to the hour of the transition itself — an entry when the seat becomes occupied, a stay
 * when it stops being occupied, a held incident when it becomes held.
 */
export function rollUpTransition(t: SeatTransition, durationMs: number | undefined): OccupancyDelta[] {
  const byHour = new Map<number, OccupancyDelta>();
  const at = (hour: number) => {
    let delta = byHour.get(hour);
    if (!delta) {
      delta = emptyDelta(t.siteId, t.seatId, hour);
      byHour.set(hour, delta);
    }
    return delta;
  };
  const accounted = Math.min(Math.max(durationMs ?? 0, 0), MAX_ACCOUNTED_MS);
  for (const piece of splitAcrossHours(t.at - accounted, t.at)) {
    at(piece.hour)[column[t.from]] += piece.ms;
  }
  const here = at(hourOf(t.at));
  if (t.to === "occupied") here.entries += 1;
  if (t.to === "held") here.heldIncidents += 1;
  // A stay of unknown length (no stayMs, and the hub never saw it begin) is left out rather than
  // counted as 0 ms, which would drag the average stay down.
  const stayMs = t.from === "occupied" ? (t.stayMs ?? durationMs) : undefined;
  if (stayMs !== undefined) {
    here.stays += 1;
    here.stayMsTotal += Math.min(stayMs, MAX_ACCOUNTED_MS);
  }
  return [...byHour.values()];
}

const deltaKey = (d: OccupancyDelta) => `${d.siteId}\u0000${d.seatId}\u0000${d.hour}`;

/**
 * Sums deltas per (site, seat, hour) and sorts them by that key. One row per key is required by a
 * multi-row `insert … on conflict do update` (Postgres refuses to update a row twice in one statement),
 * and a fixed order means two hub instances lock the rows in the same order and cannot deadlock.
 */
export function mergeDeltas(deltas: Iterable<OccupancyDelta>): OccupancyDelta[] {
  const merged = new Map<string, OccupancyDelta>();
  for (const d of deltas) {
    const key = deltaKey(d);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...d });
      continue;
    }
    into.occupiedMs += d.occupiedMs;
    into.vacantMs += d.vacantMs;
    into.heldMs += d.heldMs;
    into.unknownMs += d.unknownMs;
    into.entries += d.entries;
    into.stays += d.stays;
    into.stayMsTotal += d.stayMsTotal;
    into.heldIncidents += d.heldIncidents;
  }
  return [...merged.values()].sort((a, b) =>
    a.siteId !== b.siteId
      ? a.siteId < b.siteId
        ? -1
        : 1
      : a.seatId !== b.seatId
        ? a.seatId < b.seatId
          ? -1
          : 1
        : a.hour - b.hour,
  );
}
