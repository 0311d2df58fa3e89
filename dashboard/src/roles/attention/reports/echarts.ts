import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

// Only what the focus reports draw, so their lazy chunk carries a fraction of ECharts.
use([LineChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption
>;

export { init };

const grid = { left: 44, right: 12, top: 16, bottom: 32 };

/** Percent values (0–100) per label as bars or a line; gaps (null) stay gaps. */
export function percentChart(
  type: "bar" | "line",
  labels: readonly string[],
  values: readonly (number | null)[],
  color: string,
): ChartOption {
  return {
    grid,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: [...labels] },
    yAxis: { type: "value", min: 0, max: 100 },
    series: [
      {
        type,
        data: [...values],
        itemStyle: { color },
        ...(type === "line" ? { showSymbol: true, symbolSize: 6, connectNulls: false } : {}),
      },
    ],
  } as ChartOption;
}
