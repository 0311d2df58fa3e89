import type { GateLogPage } from "@sitewatch/hub/api-types";
import { useEffect, useRef, useState } from "react";
import { useLive } from "../../../app/app-context.js";
import type { Resource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import { cropPath, rememberCrop, withCrop } from "./crop-updates.js";
import {
  displayNumber,
  type GateFilters,
  hasValidCode,
  insertEntry,
  liveEntryRow,
  matchesFilters,
} from "./gate-filters.js";
import { gateLogMessages } from "./messages.js";

const HIGHLIGHT_MS = 4_000;

export interface LogView {
  site: string;
  filters: GateFilters;
  pageIndex: number;
}

/**
 * Applies the live gate events to the loaded page: `gate:entry` joins the first page when it matches
 * the filters (highlighted for a moment and announced), `gate:crop` fills in the thumbnail of an entry
 * already listed on any page. A crop that comes before its entry is remembered, so the entry arrives
 * with it.
 */
export function useLiveGateEntries(page: Resource<GateLogPage>, view: LogView) {
  const live = useLive();
  const t = useMessages(gateLogMessages);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announce, setAnnounce] = useState("");
  // The handlers read the latest view through a ref, so they are not re-registered per render.
  const current = useRef({ ...view, hasOlder: false });
  current.current = { ...view, hasOlder: Boolean(page.data?.nextCursor) };
  const { mutate } = page;

  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const crops = new Set<string>();
    const offEntry = subscribeLive(live.socket, "gate:entry", (event) => {
      const now = current.current;
      if (event.site !== now.site || now.pageIndex !== 0) return;
      const listed = liveEntryRow(event);
      if (!matchesFilters(listed, now.filters)) return;
      const row = crops.has(listed.id) ? { ...listed, cropUrl: cropPath(now.site, listed.id) } : listed;
      mutate((data) => data && { ...data, entries: insertEntry(data.entries, row, now.hasOlder) });
      setFresh((s) => new Set(s).add(row.id));
      const number = hasValidCode(row)
        ? displayNumber(row)
        : t("number.notValid", { text: displayNumber(row) });
      setAnnounce(t("newEntry", { number }));
      const timer = setTimeout(() => {
        timers.delete(timer);
        setFresh((s) => {
          const next = new Set(s);
          next.delete(row.id);
          return next;
        });
      }, HIGHLIGHT_MS);
      timers.add(timer);
    });
    const offCrop = subscribeLive(live.socket, "gate:crop", (event) => {
      const now = current.current;
      if (event.site !== now.site) return;
      const entry = event.data.entry;
      rememberCrop(crops, entry);
      const url = cropPath(now.site, entry);
      mutate((data) => {
        if (!data) return data;
        const entries = withCrop(data.entries, entry, url);
        return entries === data.entries ? data : { ...data, entries };
      });
    });
    return () => {
      offEntry();
      offCrop();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [live, mutate, t]);

  return { fresh, announce };
}
