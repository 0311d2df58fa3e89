import { useSyncExternalStore } from "react";
import { formatDuration, formatNumber, formatPercent } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { seatMapMessages } from "./messages.js";
import { useSeatMap } from "./seat-map-context.js";

/** Seats, occupied share and held seats from the live store; the day's average stay from the hub. */
export function SeatKpis({ avgStayMs }: { avgStayMs: number | null | undefined }) {
  const { store } = useSeatMap();
  const t = useMessages(seatMapMessages);
  const { locale } = useLocale();
  const summary = useSyncExternalStore(store.subscribeSummary, store.summary);
  const occupiedPct = summary.total === 0 ? null : (summary.occupied / summary.total) * 100;
  const items = [
    { key: "seats", label: t("kpi.seats"), value: formatNumber(summary.total, locale) },
    { key: "occupied", label: t("kpi.occupied"), value: formatPercent(occupiedPct, locale) },
    { key: "held", label: t("kpi.held"), value: formatNumber(summary.held, locale) },
    { key: "avg-stay", label: t("kpi.avgStay"), value: formatDuration(avgStayMs, locale) },
  ];
  return (
    <section className="kpis" aria-label={t("kpis")}>
      {items.map((item) => (
        <div key={item.key} className="kpi card" data-kpi={item.key}>
          <span className="kpi-label">{item.label}</span>
          <span className="kpi-value">{item.value}</span>
        </div>
      ))}
    </section>
  );
}
