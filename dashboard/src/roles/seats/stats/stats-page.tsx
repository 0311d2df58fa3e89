import type { SeatList, Stats } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { formatDuration, formatNumber, formatPercent } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { csvFileName, downloadCsv, seatsCsv, seriesCsv } from "./csv.js";
import { type DayRange, presetRange, statsQuery, validRange } from "./date-range.js";
import { statsMessages } from "./messages.js";
import { RangePicker } from "./range-picker.js";
import { StatsCharts } from "./stats-charts.js";
import "./stats.css";

/** Statistics: KPIs and charts over a date range (default the last 7 days), optionally of one seat. */
export default function StatsPage() {
  const api = useApi();
  const { site } = useSite();
  const { locale } = useLocale();
  const t = useMessages(statsMessages);
  const [range, setRange] = useState<DayRange>(() => presetRange("7d"));
  // The last valid range is what is shown while a custom range is being typed.
  const [applied, setApplied] = useState<DayRange>(range);
  const [seat, setSeat] = useState("");
  const seats = useResource(() => api.get<SeatList>(`/api/v1/sites/${site.id}/seats`), [api, site.id]);
  const stats = useResource(
    () => api.get<Stats>(`/api/v1/sites/${site.id}/stats`, statsQuery(applied, seat)),
    [api, site.id, applied.from, applied.to, seat],
  );

  const changeRange = (next: DayRange) => {
    setRange(next);
    if (validRange(next)) setApplied(next);
  };
  const data = stats.data;
  const exportCsv = (what: "seats" | "series") => {
    if (!data) return;
    const text = what === "seats" ? seatsCsv(data) : seriesCsv(data);
    downloadCsv(csvFileName(site.id, seat ? `${what}-${seat}` : what, applied.from, applied.to), text);
  };

  return (
    <section className="stats-page" aria-labelledby="stats-title">
      <h1 id="stats-title">{t("title")}</h1>
      <div className="stats-controls">
        <RangePicker value={range} onChange={changeRange} />
        <label className="seat-filter">
          {t("seat")}
          <select value={seat} onChange={(e) => setSeat(e.target.value)}>
            <option value="">{t("allSeats")}</option>
            {seats.data?.seats.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <div className="exports">
          <button type="button" className="secondary" disabled={!data} onClick={() => exportCsv("seats")}>
            {t("export.seats")}
          </button>
          <button type="button" className="secondary" disabled={!data} onClick={() => exportCsv("series")}>
            {t("export.series")}
          </button>
        </div>
      </div>
      {!data ? (
        <LoadState resource={stats} />
      ) : (
        <div aria-busy={stats.loading}>
          <ul className="kpis" aria-label={t("title")}>
            <Kpi label={t("kpi.occupancy")} value={formatPercent(data.summary.occupancyPct, locale)} />
            <Kpi label={t("kpi.avgStay")} value={formatDuration(data.summary.avgStayMs, locale)} />
            <Kpi
              label={t("kpi.turnover")}
              value={formatNumber(data.summary.turnoverPerSeatPerDay, locale, 2)}
            />
            <Kpi label={t("kpi.held")} value={formatNumber(data.summary.heldIncidentsPerDay, locale, 1)} />
            <Kpi label={t("kpi.seats")} value={formatNumber(data.summary.seats, locale)} />
          </ul>
          {data.series.length === 0 && data.seats.length === 0 && <p className="empty">{t("noData")}</p>}
          <StatsCharts stats={data} />
        </div>
      )}
    </section>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <li className="card kpi">
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{value}</strong>
    </li>
  );
}
