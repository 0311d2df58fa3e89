import type { Stats } from "@sitewatch/hub/api-types";

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF (quotes doubled). A leading
 * = + - @ would make spreadsheets run the cell as a formula, so text starting with one gets a quote
 * prefix; numbers are written as they are (a negative number is data, not a formula).
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows joined with CRLF, as RFC 4180 and Excel expect; the header is the first row. */
export function buildCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

// Column names stay English and stable: the files are read by scripts and spreadsheets, not people only.
export const SEAT_COLUMNS = [
  "seat",
  "occupancy_pct",
  "held_pct",
  "avg_stay_s",
  "entries",
  "turnover_per_day",
  "held_incidents",
  "occupied_s",
  "vacant_s",
  "held_s",
  "unknown_s",
] as const;

export const SERIES_COLUMNS = [
  "start",
  "occupancy_pct",
  "held_pct",
  "avg_stay_s",
  "entries",
  "held_incidents",
  "occupied_s",
  "vacant_s",
  "held_s",
  "unknown_s",
] as const;

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

export function seatsCsv(stats: Stats): string {
  return buildCsv(
    SEAT_COLUMNS,
    stats.seats.map((s) => [
      s.seat,
      s.occupancyPct,
      s.heldPct,
      seconds(s.avgStayMs),
      s.entries,
      s.turnoverPerDay,
      s.heldIncidents,
      seconds(s.occupiedMs),
      seconds(s.vacantMs),
      seconds(s.heldMs),
      seconds(s.unknownMs),
    ]),
  );
}

export function seriesCsv(stats: Stats): string {
  return buildCsv(
    SERIES_COLUMNS,
    stats.series.map((s) => [
      s.start,
      s.occupancyPct,
      s.heldPct,
      seconds(s.avgStayMs),
      s.entries,
      s.heldIncidents,
      seconds(s.occupiedMs),
      seconds(s.vacantMs),
      seconds(s.heldMs),
      seconds(s.unknownMs),
    ]),
  );
}

/** "stats-cafe-1-seats-2025-03-01_2025-03-07.csv" */
export function csvFileName(site: string, what: string, from: string, to: string): string {
  return `stats-${site}-${what}-${from.slice(0, 10)}_${to.slice(0, 10)}.csv`;
}

/**
 * Saves `text` as a file through a temporary object URL. The byte-order mark makes Excel read the
 * file as UTF-8 (seat names and Korean text would otherwise be garbled).
 */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the URL only after click() returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
