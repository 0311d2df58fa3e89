import { formatNumber } from "../../i18n/format.js";
import type { Locale } from "../../i18n/locale.js";

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** "840 KB", "312.4 MB": decimal units, as disks and uploads are usually counted. */
export function formatBytes(bytes: number, locale: Locale): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}

/** A position inside a segment as m:ss (h:mm:ss from an hour on), for incidents and jumps. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * The gap between a segment and the next newer one, in ms, when it is long enough to mean recording
 * stopped (a camera outage, a restart); segments that follow each other directly give 0.
 */
export function recordingGapMs(older: { startedAt: number; durationMs: number }, newerStart: number): number {
  const gap = newerStart - (older.startedAt + older.durationMs);
  return gap > GAP_TOLERANCE_MS ? gap : 0;
}

// Segments close on keyframes and clocks jitter: a second between them is not a gap.
const GAP_TOLERANCE_MS = 2_000;
