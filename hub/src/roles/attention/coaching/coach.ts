import type { NonFocusState, SessionReport } from "../report/report-types.js";

/** Short coaching text for one session, and who wrote it. */
export interface Coaching {
  text: string;
  /** The language the text is in (a lowercase ISO 639 code). */
  language: string;
  source: "ollama" | "rules";
  /** The Ollama model, when it wrote the text. */
  model?: string;
  /** Why rule-based text stands in for the model's: it did not answer in time, or it failed. */
  fallback?: "timeout" | "error";
}

/** Writes coaching from a session's report figures (never pictures) in the learner's language. */
export interface Coach {
  coach(report: SessionReport, language: string): Promise<Coaching>;
}

/**
 * The primary language subtag of a BCP 47 tag ("pt-BR" → "pt"), or English for none or nonsense: a
 * session's language comes from the learner's browser and goes into a prompt, so only letters pass.
 */
export function coachingLanguage(tag: string | null | undefined): string {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : "en";
}

/** The language's English name for a prompt ("ko" → "Korean"); the code itself when ICU has none. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames("en", { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The numbers coaching is written from: what a model is sent and what the rules read, nothing more. */
export interface CoachingFigures {
  trackedMinutes: number;
  focusPct: number | null;
  firstHalfFocusPct: number | null;
  secondHalfFocusPct: number | null;
  longestFocusMinutes: number;
  /** Minutes spent in each non-focused state. */
  minutes: Record<NonFocusState, number>;
  /** How many separate times each non-focused state began. */
  episodes: Record<NonFocusState, number>;
  alerts: Record<NonFocusState, number>;
  blinksPerMinute: number | null;
  pausedMinutes: number;
}

const nonFocus: readonly NonFocusState[] = ["drowsy", "yawning", "distracted", "absent"];
const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

export function coachingFigures(r: SessionReport): CoachingFigures {
  const perState = <T>(f: (s: NonFocusState) => T) =>
    Object.fromEntries(nonFocus.map((s) => [s, f(s)])) as Record<NonFocusState, T>;
  return {
    trackedMinutes: minutes(r.trackedMs),
    focusPct: r.focusPct,
    firstHalfFocusPct: r.halves.first,
    secondHalfFocusPct: r.halves.second,
    longestFocusMinutes: minutes(r.states.focused.longestMs),
    minutes: perState((s) => minutes(r.states[s].ms)),
    episodes: perState((s) => r.states[s].episodes),
    alerts: { ...r.alertCounts },
    blinksPerMinute: r.blinks.perMinute,
    pausedMinutes: minutes(r.pausedMs),
  };
}

/** The non-focused state that took the most time, if any took at least a minute. */
export function mainDistraction(f: CoachingFigures): NonFocusState | null {
  let best: NonFocusState | null = null;
  for (const s of nonFocus)
    if (f.minutes[s] >= 1 && (best === null || f.minutes[s] > f.minutes[best])) best = s;
  return best;
}
