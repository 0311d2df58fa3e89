import type { AttentionState } from "@sitewatch/shared-protocol";
import {
  attentionStates,
  emptyStateMs,
  isState,
  type MinuteFacts,
  type MinuteFigures,
  type NonFocusState,
  pct,
  round2,
  type SessionFacts,
  type SessionReport,
  type StateFigures,
  type StoredEvent,
  type TimelineSpan,
} from "./report-types.js";

const MINUTE_MS = 60_000;
// Under this much visible face a minute's blink count says little about a rate.
const MIN_FACE_MS_FOR_RATE = 6_000;

export interface SessionReportInput {
  session: SessionFacts;
  /** The session's stored events, any order. */
  events: readonly StoredEvent[];
  /** Its attention_minutes rows, any order (none for edge sessions). */
  minutes: readonly MinuteFacts[];
}

/**
 * The report of one session from what is stored: changes give the timeline (each closes a span of its
 * `from` state), the open tail runs in the last state to the end, alerts are listed and counted, and the
 * per-minute rows give blinks and the minute series. Pure: same rows, same report.
 */
export function buildSessionReport({ session, events, minutes }: SessionReportInput): SessionReport {
  const sortedMinutes = [...minutes].sort((a, b) => a.minute - b.minute);
  const until = reportEnd(session, events, sortedMinutes);
  const timeline = buildTimeline(session, events, until);
  const states = stateFigures(timeline);
  const trackedMs = timeline.reduce((sum, s) => sum + s.durationMs, 0);
  const alerts = events
    .filter((e) => e.kind === "alert" && isState(e.toState) && e.toState !== "focused")
    .sort((a, b) => a.at - b.at)
    .map((e) => ({ kind: e.toState as NonFocusState, at: e.at, durationMs: e.durationMs }));
  const alertCounts: Record<NonFocusState, number> = { drowsy: 0, yawning: 0, distracted: 0, absent: 0 };
  for (const a of alerts) alertCounts[a.kind]++;
  const minuteSeries = sortedMinutes.map(minuteFigures);
  const blinkTotal = sortedMinutes.reduce((sum, m) => sum + m.blinks, 0);
  const faceMs = sortedMinutes.reduce((sum, m) => sum + faceTime(m.stateMs), 0);
  return {
    session: session.id,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    until,
    trackedMs,
    pausedMs: session.pausedMs,
    focusPct: pct(states.focused.ms, trackedMs),
    states,
    timeline,
    alerts,
    alertCounts,
    blinks: {
      total: blinkTotal,
      perMinute: faceMs >= MIN_FACE_MS_FOR_RATE ? round2(blinkTotal / (faceMs / MINUTE_MS)) : null,
    },
    minutes: minuteSeries,
    halves: focusHalves(timeline),
  };
}

/** An ended session ends at its end; a running one at the latest moment anything was stored. */
function reportEnd(s: SessionFacts, events: readonly StoredEvent[], minutes: readonly MinuteFacts[]): number {
  if (s.endedAt !== null) return s.endedAt;
  let last = Math.max(s.startedAt, s.lastEventAt);
  for (const e of events) last = Math.max(last, e.at);
  const lastMinute = minutes.at(-1);
  if (lastMinute) last = Math.max(last, lastMinute.minute + Math.min(MINUTE_MS, total(lastMinute.stateMs)));
  return last;
}

/**
 * Spans in time order, never overlapping: a change whose span would reach back into the previous one
 * (events recorded out of step) is clipped, so no moment counts twice.
 */
export function buildTimeline(
  s: SessionFacts,
  events: readonly StoredEvent[],
  until: number,
): TimelineSpan[] {
  const changes = events.filter((e) => e.kind === "change").sort((a, b) => a.at - b.at);
  const spans: TimelineSpan[] = [];
  let cursor = s.startedAt;
  const push = (state: string | null, start: number, end: number) => {
    const from = Math.max(start, cursor);
    if (!isState(state) || end <= from) return;
    const prev = spans.at(-1);
    // Two spans of one state meeting at a point are one episode.
    if (prev && prev.state === state && prev.end === from) {
      prev.end = end;
      prev.durationMs = end - prev.start;
    } else spans.push({ state, start: from, end, durationMs: end - from });
    cursor = end;
  };
  for (const c of changes) push(c.fromState, c.at - c.durationMs, c.at);
  const last = changes.at(-1);
  const finalState = last ? last.toState : s.state;
  const tailStart = Math.max(last ? last.at : s.startedAt, cursor);
  push(finalState, tailStart, tailStart + tailMs(s, changes, finalState, until - tailStart));
  return spans;
}

/**
 * How long the last state lasted. An ended learner session stored its final totals, so the last state's
 * time is its total minus its closed spans: a pause or a silent wait before the end is not focus. Edge
 * sessions (and running ones) have no such total; their last state runs to the end of the report.
 */
function tailMs(s: SessionFacts, changes: readonly StoredEvent[], state: string, upTo: number): number {
  if (s.endedAt === null || s.source === "edge" || s.source === null) return upTo;
  const closed = changes.filter((c) => c.fromState === state).reduce((sum, c) => sum + c.durationMs, 0);
  return Math.max(0, Math.min(upTo, (s.stateMs[state] ?? 0) - closed));
}

function stateFigures(timeline: readonly TimelineSpan[]): Record<AttentionState, StateFigures> {
  const tracked = timeline.reduce((sum, s) => sum + s.durationMs, 0);
  const out = {} as Record<AttentionState, StateFigures>;
  for (const state of attentionStates) {
    const spans = timeline.filter((s) => s.state === state);
    const ms = spans.reduce((sum, s) => sum + s.durationMs, 0);
    const longestMs = spans.reduce((max, s) => Math.max(max, s.durationMs), 0);
    out[state] = { episodes: spans.length, ms, longestMs, pct: pct(ms, tracked) };
  }
  return out;
}

function minuteFigures(m: MinuteFacts): MinuteFigures {
  const stateMs = emptyStateMs();
  for (const state of attentionStates) stateMs[state] = m.stateMs[state] ?? 0;
  const face = faceTime(stateMs);
  return {
    minute: m.minute,
    focusPct: pct(stateMs.focused, total(stateMs)),
    blinks: m.blinks,
    blinkRate: face >= MIN_FACE_MS_FOR_RATE ? round2(m.blinks / (face / MINUTE_MS)) : null,
    facePct: pct(m.faceSamples, m.samples),
    earAvg: round4(m.earAvg),
    marAvg: round4(m.marAvg),
    stateMs,
  };
}

/** Focus % of the first and second half of the tracked time (gaps such as pauses left out). */
function focusHalves(timeline: readonly TimelineSpan[]): SessionReport["halves"] {
  const tracked = timeline.reduce((sum, s) => sum + s.durationMs, 0);
  if (tracked === 0) return { first: null, second: null };
  const half = tracked / 2;
  let seen = 0;
  let firstFocused = 0;
  let secondFocused = 0;
  for (const s of timeline) {
    const inFirst = Math.max(0, Math.min(s.durationMs, half - seen));
    if (s.state === "focused") {
      firstFocused += inFirst;
      secondFocused += s.durationMs - inFirst;
    }
    seen += s.durationMs;
  }
  return { first: pct(firstFocused, half), second: pct(secondFocused, tracked - half) };
}

const round4 = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);
const total = (ms: Record<string, number>) => Object.values(ms).reduce((a, b) => a + b, 0);
const faceTime = (ms: Record<string, number>) => total(ms) - (ms.absent ?? 0);
