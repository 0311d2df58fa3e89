import type { Stats } from "@sitewatch/hub/api-types";
import { useMemo } from "react";
import { EChart } from "../../../components/echart.js";
import { formatNumber } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { buckets, heatmapOf, hourLabels, minutes, peakOf, weekdayNames } from "./chart-data.js";
import { type ChartOption, init } from "./echarts.js";
import { statsMessages } from "./messages.js";

const ACCENT = "#1f6feb";
const HELD = "#bf8700";
const grid = { left: 48, right: 16, top: 16, bottom: 36, containLabel: false };

function barOrLine(
  type: "bar" | "line",
  labels: string[],
  values: (number | null)[],
  color: string,
  max?: number,
) {
  return {
    grid,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: labels },
    yAxis: { type: "value", min: 0, ...(max !== undefined ? { max } : {}) },
    series: [
      {
        type,
        data: values,
        itemStyle: { color },
        // Symbols stay visible: a range with one observed day would otherwise draw nothing at all.
        ...(type === "line" ? { showSymbol: true, symbolSize: 7, connectNulls: false } : {}),
      },
    ],
  } as ChartOption;
}

/** A two-column table, the text alternative of one chart. */
function ValuesTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: [string, string];
  rows: [string, string][];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([a, b]) => (
          <tr key={a}>
            <th scope="row">{a}</th>
            <td>{b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The page's five charts, each with a title and a text alternative. */
export function StatsCharts({ stats }: { stats: Stats }) {
  const { locale } = useLocale();
  const t = useMessages(statsMessages);
  const series = useMemo(() => buckets(stats, locale), [stats, locale]);
  const labels = useMemo(() => series.map((b) => b.label), [series]);
  const num = (v: number | null, digits = 1) => formatNumber(v, locale, digits);

  const summary = (values: (number | null)[], unit = "") => {
    const peak = peakOf(labels, values);
    return peak
      ? t("summary.peak", { count: values.length, value: `${num(peak.value)}${unit}`, label: peak.label })
      : t("summary.none");
  };
  const table = (caption: string, values: (number | null)[]) => (
    <ValuesTable
      caption={caption}
      head={[t("col.time"), t("col.value")]}
      rows={labels.map((l, i) => [l, num(values[i] ?? null)])}
    />
  );

  const occupancyTitle = stats.bucket === "hour" ? t("chart.occupancyDay") : t("chart.occupancyDays");
  const heldTitle = stats.bucket === "hour" ? t("chart.heldHour") : t("chart.heldDay");
  const { occupancy, avgStay, held, seatNames, turnover, options } = useMemo(() => {
    const occupancy = series.map((b) => b.figures?.occupancyPct ?? null);
    const avgStay = series.map((b) => minutes(b.figures?.avgStayMs ?? null));
    // A bucket without figures had no held incidents; it had no observed occupancy either (null).
    const held = series.map((b) => b.figures?.heldIncidents ?? 0);
    const seatNames = stats.seats.map((s) => s.seat);
    const turnover = stats.seats.map((s) => s.turnoverPerDay);
    const options = {
      occupancy: barOrLine("line", labels, occupancy, ACCENT, 100),
      avgStay: barOrLine("bar", labels, avgStay, ACCENT),
      held: barOrLine("bar", labels, held, HELD),
      turnover: barOrLine("bar", seatNames, turnover, ACCENT),
    };
    return { occupancy, avgStay, held, seatNames, turnover, options };
  }, [stats, series, labels]);

  const turnoverPeak = peakOf(seatNames, turnover);
  return (
    <div className="stats-charts">
      <EChart
        init={init}
        title={occupancyTitle}
        summary={summary(occupancy, " %")}
        option={options.occupancy}
        table={table(occupancyTitle, occupancy)}
      />
      <Heatmap stats={stats} />
      <EChart
        init={init}
        title={t("chart.avgStay")}
        summary={summary(avgStay)}
        option={options.avgStay}
        table={table(t("chart.avgStay"), avgStay)}
      />
      <EChart
        init={init}
        title={t("chart.turnover")}
        summary={
          turnoverPeak
            ? t("summary.turnover", {
                count: seatNames.length,
                value: num(turnoverPeak.value, 2),
                label: turnoverPeak.label,
              })
            : t("summary.none")
        }
        option={options.turnover}
        table={
          <ValuesTable
            caption={t("chart.turnover")}
            head={[t("col.seat"), t("col.value")]}
            rows={seatNames.map((s, i) => [s, num(turnover[i] ?? null, 2)])}
          />
        }
      />
      <EChart
        init={init}
        title={heldTitle}
        summary={summary(held)}
        option={options.held}
        table={table(heldTitle, held)}
      />
    </div>
  );
}

function Heatmap({ stats }: { stats: Stats }) {
  const { locale } = useLocale();
  const t = useMessages(statsMessages);
  const cells = heatmapOf(stats);
  const days = useMemo(() => weekdayNames(locale), [locale]);
  const option = useMemo<ChartOption | undefined>(
    () =>
      cells && {
        grid: { left: 48, right: 16, top: 8, bottom: 72 },
        tooltip: { position: "top" },
        xAxis: { type: "category", data: hourLabels, splitArea: { show: true } },
        yAxis: { type: "category", data: days, inverse: true, splitArea: { show: true } },
        visualMap: {
          min: 0,
          max: 100,
          calculable: false,
          orient: "horizontal",
          left: "center",
          bottom: 4,
          itemWidth: 12,
          itemHeight: 160,
          text: ["100 %", "0 %"],
        },
        series: [
          {
            type: "heatmap",
            data: cells
              .filter((c) => c.occupancyPct !== null)
              .map((c) => [c.hour, c.weekday, c.occupancyPct]),
          },
        ],
      },
    [cells, days],
  );
  if (!cells || !option)
    return (
      <figure className="card chart">
        <h3>{t("chart.heatmap")}</h3>
        <p className="empty">{t("heatmapMissing")}</p>
      </figure>
    );
  const observed = cells.filter((c) => c.occupancyPct !== null);
  const busiest = observed.reduce<(typeof observed)[number] | undefined>(
    (best, c) => (!best || (c.occupancyPct ?? 0) > (best.occupancyPct ?? 0) ? c : best),
    undefined,
  );
  return (
    <EChart
      init={init}
      title={t("chart.heatmap")}
      summary={
        busiest
          ? t("summary.heatmap", {
              label: `${days[busiest.weekday]} ${hourLabels[busiest.hour]}:00`,
              value: formatNumber(busiest.occupancyPct, locale, 1),
            })
          : t("summary.none")
      }
      option={option}
      height={300}
      table={
        <table>
          <caption>{t("chart.heatmap")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("col.weekday")}</th>
              <th scope="col">{t("col.hour")}</th>
              <th scope="col">{t("col.value")}</th>
            </tr>
          </thead>
          <tbody>
            {observed.map((c) => (
              <tr key={`${c.weekday}-${c.hour}`}>
                <td>{days[c.weekday]}</td>
                <td>{hourLabels[c.hour]}</td>
                <td>{formatNumber(c.occupancyPct, locale, 1)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
