import { useMemo } from "react";
import { EChart } from "../../../components/echart.js";
import { formatDuration, formatNumber, formatPercent } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { init, percentChart } from "./echarts.js";
import { reportMessages } from "./messages.js";
import { STATE_COLORS, type TrendReport } from "./report-data.js";

const ACCENT = "#1f6feb";

/** The over-time report: totals, the trend, and focus by hour of day, weekday and day. */
export function TrendView({ report }: { report: TrendReport }) {
  const { locale } = useLocale();
  const t = useMessages(reportMessages);
  const charts = useMemo(() => {
    const weekdays = t("weekdays").split(",");
    return {
      hour: percentChart(
        "bar",
        report.byHour.map((h) => String(h.hour).padStart(2, "0")),
        report.byHour.map((h) => h.focusPct),
        ACCENT,
      ),
      weekday: percentChart(
        "bar",
        report.byWeekday.map((d) => weekdays[d.weekday] ?? String(d.weekday)),
        report.byWeekday.map((d) => d.focusPct),
        ACCENT,
      ),
      daily: percentChart(
        "line",
        report.daily.map((d) => d.date.slice(5)),
        report.daily.map((d) => d.focusPct),
        STATE_COLORS.focused,
      ),
    };
  }, [report, t]);
  const { trend, summary } = report;
  const slope = formatNumber(Math.abs(trend.slopePctPerDay ?? 0), locale, 1);
  return (
    <section className="focus-trend" aria-labelledby="focus-trend-title">
      <h2 id="focus-trend-title">{t("overTime")}</h2>
      <dl className="focus-kpis">
        <div>
          <dt>{t("focusPct")}</dt>
          <dd data-kpi="trend-focus">{formatPercent(summary.focusPct, locale)}</dd>
        </div>
        <div>
          <dt>{t("tracked")}</dt>
          <dd>{formatDuration(summary.trackedMs, locale)}</dd>
        </div>
        <div>
          <dt>{t("blinkRate")}</dt>
          <dd>
            {summary.blinkRatePerMin == null
              ? "–"
              : t("blinkRateValue", { rate: formatNumber(summary.blinkRatePerMin, locale, 1) })}
          </dd>
        </div>
        <div>
          <dt>{t("alertsCount")}</dt>
          <dd>{summary.alerts}</dd>
        </div>
      </dl>
      <p className="focus-trend-direction" data-trend={trend.direction ?? "none"}>
        {trend.direction ? t(`trend.${trend.direction}`, { slope }) : t("trend.none")}
      </p>
      <div className="focus-charts">
        {(
          [
            ["byHour", "byHourSummary", charts.hour],
            ["byWeekday", "byWeekdaySummary", charts.weekday],
            ["daily", "dailySummary", charts.daily],
          ] as const
        ).map(([title, alt, option]) => (
          <EChart key={title} init={init} height={220} title={t(title)} summary={t(alt)} option={option} />
        ))}
      </div>
    </section>
  );
}
