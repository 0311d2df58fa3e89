import type { AttentionState } from "@sitewatch/shared-protocol";
import { attentionStates, emptyStateMs, pct, round2 } from "./report-types.js";

/** Time in each state, blinks and alerts within one local hour of one local day (site time zone). */
export interface HourBucket {
  /** Local date, YYYY-MM-DD. */
  day: string;
  /** Local hour, 0–23. */
  hour: number;
  stateMs: Partial<Record<AttentionState, number>>;
  blinks: number;
  /** Visible-face time of the minutes whose blinks were counted (edge sessions count none). */
  blinkFaceMs: number;
  alerts: number;
}

interface Figures {
  trackedMs: number;
  focusPct: number | null;
  alerts: number;
}

export interface TrendReport {
  summary: Figures & {
    stateMs: Record<AttentionState, number>;
    blinks: number;
    blinkRatePerMin: number | null;
  };
  /** 24 entries, hour 0 first. */
  byHour: (Figures & { hour: number })[];
  /** 7 entries, Monday (0) first. */
  byWeekday: (Figures & { weekday: number })[];
  /** Days with tracked time or alerts, oldest first. */
  daily: (Figures & { date: string })[];
  /**
   * Least-squares line through the daily focus %, each day weighted by its tracked time (a two-minute
   * day should not swing it): slope in percentage points per day; null with fewer than two days.
   */
  trend: { slopePctPerDay: number | null; direction: "improving" | "declining" | "steady" | null };
}

const DAY_MS = 86_400_000;
// Within ±0.5 points a day the line is called steady: a month of that is under 15 points.
const STEADY_SLOPE = 0.5;

/** The over-time report of a learner or a site from hour buckets (pure). */
export function buildTrendReport(buckets: readonly HourBucket[]): TrendReport {
  const all = sum(buckets);
  const byHour = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    ...figures(sum(buckets.filter((b) => b.hour === hour))),
  }));
  const byWeekday = Array.from({ length: 7 }, (_, weekday) => ({
    weekday,
    ...figures(sum(buckets.filter((b) => weekdayOf(b.day) === weekday))),
  }));
  const days = [...new Set(buckets.map((b) => b.day))].sort();
  const daily = days.map((date) => ({ date, ...figures(sum(buckets.filter((b) => b.day === date))) }));
  const faceMs = all.blinkFaceMs;
  return {
    summary: {
      ...figures(all),
      stateMs: all.stateMs,
      blinks: all.blinks,
      blinkRatePerMin: faceMs >= 60_000 ? round2(all.blinks / (faceMs / 60_000)) : null,
    },
    byHour,
    byWeekday,
    daily,
    trend: trendOf(daily),
  };
}

/** Monday = 0 … Sunday = 6 for a calendar date (no time zone: the date is already local). */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

function trendOf(daily: readonly (Figures & { date: string })[]): TrendReport["trend"] {
  const points = daily
    .filter((d) => d.focusPct !== null)
    .map((d) => ({ x: Date.parse(`${d.date}T00:00:00Z`) / DAY_MS, y: d.focusPct as number, w: d.trackedMs }));
  if (points.length < 2) return { slopePctPerDay: null, direction: null };
  const weight = points.reduce((s, p) => s + p.w, 0);
  const mx = points.reduce((s, p) => s + p.w * p.x, 0) / weight;
  const my = points.reduce((s, p) => s + p.w * p.y, 0) / weight;
  const sxy = points.reduce((s, p) => s + p.w * (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + p.w * (p.x - mx) ** 2, 0);
  const slope = round2(sxy / sxx);
  const direction = Math.abs(slope) < STEADY_SLOPE ? "steady" : slope > 0 ? "improving" : "declining";
  return { slopePctPerDay: slope, direction };
}

interface Sum {
  stateMs: Record<AttentionState, number>;
  blinks: number;
  blinkFaceMs: number;
  alerts: number;
}

function sum(buckets: readonly HourBucket[]): Sum {
  const out: Sum = { stateMs: emptyStateMs(), blinks: 0, blinkFaceMs: 0, alerts: 0 };
  for (const b of buckets) {
    for (const state of attentionStates) out.stateMs[state] += b.stateMs[state] ?? 0;
    out.blinks += b.blinks;
    out.blinkFaceMs += b.blinkFaceMs;
    out.alerts += b.alerts;
  }
  return out;
}

function figures(s: Sum): Figures {
  const trackedMs = attentionStates.reduce((t, state) => t + s.stateMs[state], 0);
  return { trackedMs, focusPct: pct(s.stateMs.focused, trackedMs), alerts: s.alerts };
}
