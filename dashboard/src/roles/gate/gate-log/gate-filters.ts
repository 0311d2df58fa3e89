import type { GateLog } from "@sitewatch/hub/api-types";
import type { LiveEvent } from "@sitewatch/shared-protocol";
import { gateEntryColumns } from "@sitewatch/shared-protocol/gate-columns";

/** What the user typed: whole local days (`YYYY-MM-DD`, inclusive, empty = open) and part of a number. */
export interface GateFilters {
  from: string;
  to: string;
  number: string;
}

export const EMPTY_FILTERS: GateFilters = { from: "", to: "", number: "" };
export const PAGE_SIZE = 25;

/** As the hub compares: upper case, separators dropped ("csqu 305-438" → "CSQU305438"). */
export function normaliseNumber(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function localDay(day: string, plusDays = 0): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays) : undefined;
}

/** The instants the filters select: `from` inclusive, `to` exclusive (the day after the last day). */
export function filterBounds(filters: GateFilters): { from?: Date; to?: Date } {
  return { from: localDay(filters.from), to: localDay(filters.to, 1) };
}

/**
 * The gate-logs query for one page; empty filters are left out rather than sent empty. The number
 * matches anywhere in the code: a clerk often knows only the serial ("3054") or only the owner ("CSQU").
 */
export function gateLogQuery(filters: GateFilters, cursor?: string, limit = PAGE_SIZE) {
  const { from, to } = filterBounds(filters);
  const number = normaliseNumber(filters.number);
  return {
    from: from?.toISOString(),
    to: to?.toISOString(),
    number: number || undefined,
    numberMatch: number ? ("contains" as const) : undefined,
    cursor,
    limit,
  };
}

/** The live `gate:entry` event as the REST row it will become (the hub stores it under the event id). */
export function liveEntryRow(event: LiveEvent<"gateEntry">): GateLog {
  const m = event.data;
  return {
    id: m.id,
    at: m.at,
    device: event.device,
    camera: event.camera ?? "",
    ...gateEntryColumns(m),
  };
}

/** Whether the hub would list `row` under these filters (same rules as its query). */
export function matchesFilters(row: GateLog, filters: GateFilters): boolean {
  const { from, to } = filterBounds(filters);
  if (from && row.at < from.getTime()) return false;
  if (to && row.at >= to.getTime()) return false;
  const part = normaliseNumber(filters.number);
  if (part && !(row.containerNumber ?? "").includes(part)) return false;
  return true;
}

/**
 * A live entry joins the first page at its place by time (newest first). An entry already shown (the
 * reload after a reconnect may have fetched it) is not added twice, and one older than the whole page
 * (a device replaying its backlog) belongs to a later page when there is one: the same array comes back.
 */
export function insertEntry(entries: GateLog[], row: GateLog, hasOlder: boolean): GateLog[] {
  if (entries.some((e) => e.id === row.id)) return entries;
  const index = entries.findIndex((e) => e.at < row.at || (e.at === row.at && e.id < row.id));
  if (index === -1 && hasOlder) return entries;
  const next = [...entries];
  next.splice(index === -1 ? next.length : index, 0, row);
  return next;
}

/** Only a number whose check digit holds is a container code; anything else is just what OCR read. */
export function hasValidCode(row: GateLog): boolean {
  return row.checkDigitValid === true && Boolean(row.ownerCode && row.category && row.serial);
}

/**
 * "CSQU 305438 3" for a valid code; otherwise what OCR read, as read (never reformatted to look like a
 * code), or a dash when nothing was. Callers mark the second case as not valid.
 */
export function displayNumber(row: GateLog): string {
  if (hasValidCode(row)) return `${row.ownerCode}${row.category} ${row.serial} ${row.checkDigit}`;
  return row.rawText.trim() || "–";
}
