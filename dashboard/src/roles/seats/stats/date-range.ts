export type RangePreset = "today" | "7d" | "30d" | "custom";

/** A range of whole local days: `from` inclusive, `to` inclusive, as `YYYY-MM-DD` (what date inputs use). */
export interface DayRange {
  preset: RangePreset;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

export function dayString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` day. */
export function startOfDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export function presetRange(preset: Exclude<RangePreset, "custom">, now = new Date()): DayRange {
  const days = preset === "today" ? 1 : preset === "7d" ? 7 : 30;
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { preset, from: dayString(first), to: dayString(now) };
}

export function daysIn(range: DayRange): number {
  return Math.round((startOfDay(range.to).getTime() - startOfDay(range.from).getTime()) / DAY_MS) + 1;
}

/** A custom range is usable when both days are set and `from` is not after `to`. */
export function validRange(range: DayRange): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && daysIn(range) >= 1;
}

/**
 * The stats query for a range: whole local days (the hub's `to` is exclusive, so the day after the last
 * one), hourly buckets for a single day (occupancy over the day), daily buckets for longer ranges.
 */
export function statsQuery(range: DayRange, seat?: string) {
  const from = startOfDay(range.from);
  const last = startOfDay(range.to);
  const to = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket: daysIn(range) <= 1 ? ("hour" as const) : ("day" as const),
    seat: seat || undefined,
  };
}
