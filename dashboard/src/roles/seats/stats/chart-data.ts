import type { Stats } from "@sitewatch/hub/api-types";
import type { Locale } from "../../../i18n/locale.js";

/** One weekday × hour cell; the hub adds `heatmap` to the stats response (older hubs lack it). */
export interface HeatCell {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  hour: number;
  occupancyPct: number | null;
}

export function heatmapOf(stats: Stats): HeatCell[] | undefined {
  const cells = (stats as Stats & { heatmap?: HeatCell[] }).heatmap;
  return Array.isArray(cells) ? cells : undefined;
}

const tags: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

type Figures = Stats["series"][number];
const HOUR_MS = 3_600_000;

/**
 * Every bucket of the range with its label in the site's time zone (the hub buckets there), the
 * figures where the hub has some: the hub lists only buckets with data, but a chart of "per day" must
 * show the quiet days too. Walking the range hour by hour and keying by the local label stays right
 * across daylight-saving changes, where a day is not 24 hours.
 */
export function buckets(stats: Stats, locale: Locale): { label: string; figures?: Figures }[] {
  const hourly = stats.bucket === "hour";
  const key = new Intl.DateTimeFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(hourly ? { hour: "2-digit", hourCycle: "h23" } : {}),
    timeZone: stats.timezone,
  });
  const label = new Intl.DateTimeFormat(
    tags[locale],
    hourly
      ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: stats.timezone }
      : { weekday: "short", month: "2-digit", day: "2-digit", timeZone: stats.timezone },
  );
  const byKey = new Map(stats.series.map((s) => [key.format(new Date(s.start)), s]));
  const out = new Map<string, { label: string; figures?: Figures }>();
  const from = Date.parse(stats.from);
  const to = Date.parse(stats.to);
  // A range of more than a year would be unreadable anyway; the hub's own series is used as it is then.
  if (!(to > from) || to - from > 400 * 24 * HOUR_MS)
    return stats.series.map((s) => ({ label: label.format(new Date(s.start)), figures: s }));
  for (let t = from; t < to; t += HOUR_MS) {
    const k = key.format(new Date(t));
    if (!out.has(k)) out.set(k, { label: label.format(new Date(t)), figures: byKey.get(k) });
  }
  return [...out.values()];
}

export function weekdayNames(locale: Locale): string[] {
  // 2024-01-01 was a Monday; the hub numbers weekdays from Monday.
  const format = new Intl.DateTimeFormat(tags[locale], { weekday: "short", timeZone: "UTC" });
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

export const hourLabels = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}`);

/** Minutes with one decimal, what the average-stay chart plots. */
export const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);

/** The busiest bucket, for the chart summaries a screen reader reads. */
export function peakOf(
  labels: string[],
  values: (number | null)[],
): { label: string; value: number } | undefined {
  let best: { label: string; value: number } | undefined;
  values.forEach((value, i) => {
    if (value !== null && (!best || value > best.value)) best = { label: labels[i] ?? "", value };
  });
  return best;
}
