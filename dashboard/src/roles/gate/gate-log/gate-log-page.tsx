import type { GateLogPage as GateLogPageData } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { ActivityFeed } from "../gate-live/activity-feed.js";
import { GateLiveView } from "../gate-live/gate-live-view.js";
import { EMPTY_FILTERS, type GateFilters, gateLogQuery } from "./gate-filters.js";
import { GateLogTable } from "./gate-log-table.js";
import { gateLogMessages } from "./messages.js";
import { useDebounced } from "./use-debounced.js";
import { useLiveGateEntries } from "./use-live-gate-entries.js";
import "./gate-log.css";

/**
 * The gate's page: the annotated live view and the cameras' activity side by side, then the log of
 * gate entries, newest first, with filters, cursor pages and new entries pushed live onto the first page.
 */
export default function GateLogPage() {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(gateLogMessages);
  const [input, setInput] = useState<GateFilters>(EMPTY_FILTERS);
  const number = useDebounced(input.number, 350);
  const filters = { from: input.from, to: input.to, number };
  // cursors[i] fetches page i; the first page has none. "Newer" steps back through what was visited.
  // The stack belongs to one set of filters: other filters mean other pages, so back to the newest.
  const filterKey = JSON.stringify([site.id, filters]);
  const [nav, setNav] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: filterKey,
    cursors: [undefined],
  });
  const cursors = nav.key === filterKey ? nav.cursors : [undefined];
  const setCursors = (change: (c: (string | undefined)[]) => (string | undefined)[]) =>
    setNav((n) => ({ key: filterKey, cursors: change(n.key === filterKey ? n.cursors : [undefined]) }));
  const pageIndex = cursors.length - 1;
  const cursor = cursors[pageIndex];
  const query = gateLogQuery(filters, cursor);
  const key = JSON.stringify(query);
  const page = useResource(
    () => api.get<GateLogPageData>(`/api/v1/sites/${site.id}/gate-logs`, query),
    [api, site.id, key],
  );
  const { fresh, announce } = useLiveGateEntries(page, { site: site.id, filters, pageIndex });

  const set = (patch: Partial<GateFilters>) => setInput((f) => ({ ...f, ...patch }));
  const data = page.data;
  return (
    <section className="gate-page" aria-labelledby="gate-title">
      <h1 id="gate-title">{t("title")}</h1>
      <div className="gate-live-grid">
        <GateLiveView />
        <ActivityFeed />
      </div>
      <form className="gate-filters" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("from")}
          <input
            type="date"
            value={input.from}
            max={input.to || undefined}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label>
          {t("to")}
          <input
            type="date"
            value={input.to}
            min={input.from || undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label>
          {t("number")}
          <input
            type="search"
            value={input.number}
            placeholder={t("numberHint")}
            autoCapitalize="characters"
            spellCheck={false}
            onChange={(e) => set({ number: e.target.value })}
          />
        </label>
        <button type="button" className="secondary" onClick={() => setInput(EMPTY_FILTERS)}>
          {t("clear")}
        </button>
      </form>
      <p className="muted">{t("live")}</p>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {!data ? (
        <LoadState resource={page} />
      ) : (
        <div aria-busy={page.loading}>
          {data.entries.length === 0 ? (
            <p className="empty">{t("empty")}</p>
          ) : (
            <GateLogTable entries={data.entries} fresh={fresh} />
          )}
          <nav className="pager" aria-label={t("page", { page: pageIndex + 1 })}>
            <button
              type="button"
              className="secondary"
              disabled={pageIndex === 0 || page.loading}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              {t("newer")}
            </button>
            <span>{t("page", { page: pageIndex + 1 })}</span>
            <button
              type="button"
              disabled={!data.nextCursor || page.loading}
              onClick={() => setCursors((c) => [...c, data.nextCursor ?? undefined])}
            >
              {t("older")}
            </button>
          </nav>
        </div>
      )}
    </section>
  );
}
