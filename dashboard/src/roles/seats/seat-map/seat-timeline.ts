import type { SeatHistoryEvent, SeatState } from "@sitewatch/shared-protocol";

/** A change on the timeline: a REST history event, or the live state's change not stored yet. */
export type TimelineEvent = Pick<SeatHistoryEvent, "at" | "from" | "to" | "stayMs" | "vacancyMs">;

export interface Segment {
  state: SeatState;
  start: number;
  end: number;
}

/** Local midnight of the day `now` falls in, as epoch ms (the browser's time zone: the manager's day). */
export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The day's changes from the hub plus the seat's live state: a change pushed after the history was
 * loaded (or not yet written when it was) still shows, as a change at the live state's `since`.
 */
export function withLiveState(
  events: readonly TimelineEvent[],
  live: { state: SeatState; since: number | null } | undefined,
): TimelineEvent[] {
  const last = events.at(-1);
  if (!live || live.since === null || (last && live.since <= last.at)) return [...events];
  const previous = last?.to ?? "unknown";
  if (previous === live.state) return [...events];
  return [...events, { at: live.since, from: previous, to: live.state }];
}

/**
 * Coloured stretches from `dayStart` to `now`. Before the first change the seat was in that change's
 * `from` state; with no change today it has been in its live state all day (or unknown until it began).
 */
export function timelineSegments(
  events: readonly TimelineEvent[],
  dayStart: number,
  now: number,
  live?: { state: SeatState; since: number | null },
): Segment[] {
  const clamp = (t: number) => Math.min(Math.max(t, dayStart), now);
  const segments: Segment[] = [];
  let state: SeatState;
  let start = dayStart;
  if (events.length > 0) state = (events[0] as TimelineEvent).from;
  else if (live && live.since !== null && live.since > dayStart) {
    segments.push({ state: "unknown", start: dayStart, end: clamp(live.since) });
    start = clamp(live.since);
    state = live.state;
  } else state = live?.state ?? "unknown";
  for (const e of events) {
    const at = clamp(e.at);
    if (at > start) segments.push({ state, start, end: at });
    state = e.to;
    start = at;
  }
  if (now > start) segments.push({ state, start, end: now });
  return segments.filter((s) => s.end > s.start);
}
