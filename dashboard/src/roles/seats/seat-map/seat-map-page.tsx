import type { SeatMap, Stats } from "@sitewatch/hub/api-types";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useApi, useLive, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { ClockProvider, useStartedClock } from "../../../app/page-clock.js";
import { useResource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import { AlertsPanel } from "./alerts-panel.js";
import { FloorPlanView } from "./floor-plan-view.js";
import { seatMapMessages } from "./messages.js";
import { SeatDetail } from "./seat-detail.js";
import { SeatGroups } from "./seat-groups.js";
import { SeatKpis } from "./seat-kpis.js";
import { SeatMapProvider } from "./seat-map-context.js";
import { SeatMapTools, type SeatMapView as ViewMode } from "./seat-map-tools.js";
import { SeatStore } from "./seat-store.js";
import { localMidnight } from "./seat-timeline.js";
import { useAlerts } from "./use-alerts.js";
import "./seat-map.css";

/**
 * After a stay ended the average stay is refetched once the hub has written it (its batch writer
 * flushes within a second), then at most every STATS_REFRESH_MS however many stays end.
 */
const STATS_SETTLE_MS = 2_000;
const STATS_REFRESH_MS = 30_000;
const STATES = ["empty", "occupied", "held", "unknown"] as const;
const VIEW_KEY = "sitewatch.seatMap.view";

/**
 * Home page: every seat live (grouped by camera or on the room's floor plan), the day's key figures,
 * open alerts, a seat's timeline and a camera's picture on demand.
 */
export default function SeatMapPage() {
  const { site } = useSite();
  // A fresh store, clock and subscriptions per site: nothing of the previous site can leak in.
  return <SeatMapView key={site.id} site={site.id} />;
}

function SeatMapView({ site }: { site: string }) {
  const api = useApi();
  const live = useLive();
  const t = useMessages(seatMapMessages);
  const clock = useStartedClock();
  const [store] = useState(() => new SeatStore());
  const [selected, setSelected] = useState<string | null>(null);
  // Whoever arranged the floor plan wants it again on the next visit.
  const [view, setViewState] = useState<ViewMode>(() =>
    globalThis.localStorage?.getItem(VIEW_KEY) === "plan" ? "plan" : "groups",
  );
  const setView = useCallback((next: ViewMode) => {
    setViewState(next);
    globalThis.localStorage?.setItem(VIEW_KEY, next);
  }, []);
  const opener = useRef<HTMLElement | null>(null);
  const sitePath = `/api/v1/sites/${encodeURIComponent(site)}`;

  // The store is filled before React hears of the response, so the first render shows every tile.
  const seatMap = useResource(
    () =>
      api.get<SeatMap>(`${sitePath}/seat-map`).then((map) => {
        store.load(map);
        return map;
      }),
    [api, sitePath, store],
  );
  const dayStart = localMidnight(clock.now());
  const stats = useResource(
    () => api.get<Stats>(`${sitePath}/stats`, { from: new Date(dayStart).toISOString(), bucket: "hour" }),
    [api, sitePath, dayStart],
  );
  const alerts = useAlerts(site);

  const staleStats = useRef<{ since: number | null; at: number }>({ since: null, at: 0 });
  const reloadStats = stats.reload;
  useEffect(
    () =>
      clock.subscribe(() => {
        const s = staleStats.current;
        const now = clock.now();
        if (s.since === null || now - s.since < STATS_SETTLE_MS || now - s.at < STATS_REFRESH_MS) return;
        staleStats.current = { since: null, at: now };
        reloadStats();
      }),
    [clock, reloadStats],
  );

  useEffect(() => {
    const offChange = subscribeLive(live.socket, "seat:change", (e) => {
      if (e.site !== site) return;
      store.apply(e.data.seat, e.data.to, e.data.at);
      if (e.data.stayMs !== undefined) staleStats.current.since ??= Date.now();
    });
    const offSnapshot = subscribeLive(live.socket, "seat:snapshot", (e) => {
      if (e.site !== site) return;
      for (const s of e.data.seats) store.apply(s.seat, s.state, s.since);
    });
    return () => {
      offChange();
      offSnapshot();
    };
  }, [live, site, store]);

  const open = useCallback((seat: string) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSelected(seat);
  }, []);
  const close = useCallback(() => {
    setSelected(null);
    opener.current?.focus();
  }, []);
  const context = useMemo(() => ({ store, open }), [store, open]);

  return (
    <ClockProvider value={clock}>
      <SeatMapProvider value={context}>
        <div className="seat-map-page">
          <div className="seat-map-head">
            <h1>{t("title")}</h1>
            <ul className="legend" aria-label={t("legend")}>
              {STATES.map((s) => (
                <li key={s} className={`state-${s}`}>
                  <span className="dot" /> {t(`state.${s}`)}
                </li>
              ))}
            </ul>
          </div>
          <SeatKpis avgStayMs={stats.data?.summary.avgStayMs} />
          <div className="seat-map-body">
            <div className="seat-map-main">
              {!seatMap.data ? (
                <LoadState resource={seatMap} />
              ) : (
                <>
                  <SeatMapTools site={site} view={view} onView={setView} />
                  {view === "plan" ? <FloorPlanView site={site} /> : <SeatGroups />}
                </>
              )}
            </div>
            <AlertsPanel alerts={alerts} />
          </div>
          {selected && <SeatDetail site={site} seat={selected} onClose={close} />}
        </div>
      </SeatMapProvider>
    </ClockProvider>
  );
}
