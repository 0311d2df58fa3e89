import { type AttentionState, attentionStateSchema } from "@sitewatch/shared-protocol";

/** The five states in a fixed order, so every report lists them alike (and charts need no gap filling). */
export const attentionStates: readonly AttentionState[] = attentionStateSchema.options;
export type NonFocusState = Exclude<AttentionState, "focused">;

/** What the report reads from a stored session (times in epoch ms). */
export interface SessionFacts {
  id: string;
  startedAt: number;
  endedAt: number | null;
  lastEventAt: number;
  /** Current (or final) state. */
  state: string;
  pausedMs: number;
  /**
   * Time per state as stored on the row. For an ended learner session these are the final totals,
   * the last state's time included (pauses and the wait after the last sample left out).
   */
  stateMs: Record<string, number>;
  language: string | null;
  learnerId: string | null;
  source: string | null;
}

/** A stored attention event: a change closes a span of `fromState` lasting `durationMs` up to `at`. */
export interface StoredEvent {
  kind: "change" | "alert";
  fromState: string | null;
  toState: string;
  at: number;
  durationMs: number;
}

/** One row of attention_minutes: what one minute of a session (starting at `minute`) held. */
export interface MinuteFacts {
  minute: number;
  samples: number;
  faceSamples: number;
  earAvg: number | null;
  marAvg: number | null;
  blinks: number;
  stateMs: Record<string, number>;
}

export interface TimelineSpan {
  state: AttentionState;
  start: number;
  end: number;
  durationMs: number;
}

export interface StateFigures {
  /** Spans of this state in the timeline. */
  episodes: number;
  ms: number;
  longestMs: number;
  /** Share of tracked time, percent; null when nothing was tracked. */
  pct: number | null;
}

export interface MinuteFigures {
  minute: number;
  focusPct: number | null;
  blinks: number;
  /** Blinks per minute of visible face; null when the face was seen for under 6 s of the minute. */
  blinkRate: number | null;
  /** Share of samples with a face, percent; null when the minute has no samples. */
  facePct: number | null;
  earAvg: number | null;
  marAvg: number | null;
  stateMs: Record<AttentionState, number>;
}

export interface SessionReport {
  session: string;
  startedAt: number;
  endedAt: number | null;
  /** Where the timeline ends: the end, or the latest stored moment of a session still running. */
  until: number;
  trackedMs: number;
  pausedMs: number;
  focusPct: number | null;
  states: Record<AttentionState, StateFigures>;
  timeline: TimelineSpan[];
  alerts: { kind: NonFocusState; at: number; durationMs: number }[];
  alertCounts: Record<NonFocusState, number>;
  blinks: { total: number; perMinute: number | null };
  minutes: MinuteFigures[];
  /** Focus % of the first and second half of the tracked minutes: shows a session that faded. */
  halves: { first: number | null; second: number | null };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const pct = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : null);

export function isState(s: string | null): s is AttentionState {
  return s !== null && (attentionStates as readonly string[]).includes(s);
}

export function emptyStateMs(): Record<AttentionState, number> {
  return { focused: 0, drowsy: 0, yawning: 0, distracted: 0, absent: 0 };
}
