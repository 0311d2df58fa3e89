import type { Locale } from "./locale.js";

const tags: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

/** "1 h 5 min", "12 min", "40 s" — or the Korean equivalent; null/undefined shows a dash. */
export function formatDuration(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const units = locale === "ko" ? { h: "시간", m: "분", s: "초" } : { h: " h", m: " min", s: " s" };
  if (h > 0) return `${h}${units.h} ${m}${units.m}`;
  if (m > 0) return `${m}${units.m}`;
  return `${s}${units.s}`;
}

export function formatTime(at: number | string | Date, locale: Locale, withDate = false): string {
  const date = at instanceof Date ? at : new Date(at);
  return date.toLocaleString(tags[locale], {
    ...(withDate ? { year: "numeric", month: "2-digit", day: "2-digit" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function formatNumber(value: number | null | undefined, locale: Locale, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString(tags[locale], { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatPercent(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined ? "–" : `${formatNumber(value, locale, 1)} %`;
}
