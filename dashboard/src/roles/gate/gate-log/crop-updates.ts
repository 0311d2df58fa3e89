import type { GateLog } from "@sitewatch/hub/api-types";

/** The hub serves an entry's crop here (the same path its gate log lists as `cropUrl`). */
export function cropPath(site: string, entryId: string): string {
  return `/api/v1/sites/${encodeURIComponent(site)}/gate-logs/${encodeURIComponent(entryId)}/crop`;
}

/**
 * The entry's crop path when it is one of the hub's own API paths, else undefined. The thumbnail is
 * fetched with the bearer token, so a `cropUrl` naming another host ("//elsewhere/x", "https://…")
 * must never be requested: the token would go with it.
 */
export function safeCropPath(row: Pick<GateLog, "cropUrl">): string | undefined {
  const url = row.cropUrl ?? undefined;
  return url && /^\/api\/v1\/[^/]/.test(url) ? url : undefined;
}

/**
 * `entries` with the crop of `entryId` filled in. The same array comes back when that entry is not
 * listed or already has its crop, so a `gate:crop` for another page re-renders nothing.
 */
export function withCrop(entries: GateLog[], entryId: string, url: string): GateLog[] {
  const index = entries.findIndex((e) => e.id === entryId);
  const row = entries[index];
  if (!row || row.cropUrl === url) return entries;
  const next = [...entries];
  next[index] = { ...row, cropUrl: url };
  return next;
}

/** How many recent crop ids are remembered for entries that are pushed after their crop. */
export const RECENT_CROPS = 100;

/**
 * Remembers that `entryId` has a crop, forgetting the oldest beyond `max` (a Set iterates in insertion
 * order), so a page left open for days holds a bounded number of ids.
 */
export function rememberCrop(recent: Set<string>, entryId: string, max = RECENT_CROPS): void {
  recent.delete(entryId);
  recent.add(entryId);
  while (recent.size > max) {
    const oldest = recent.values().next().value;
    if (oldest === undefined) break;
    recent.delete(oldest);
  }
}
