import type { EChartsCoreOption, init as echartsInit } from "echarts/core";
import { type ReactNode, useEffect, useId, useRef } from "react";

export interface EChartProps {
  title: string;
  /** One sentence a screen reader announces instead of the picture. */
  summary: string;
  option: EChartsCoreOption;
  /**
   * The caller's ECharts `init`: each role registers only the chart kinds it draws (so its lazy chunk
   * stays small), and tests without a canvas swap in an inert one.
   */
  init: typeof echartsInit;
  /** The figures as a (visually hidden) table: the text alternative of the chart. */
  table?: ReactNode;
  height?: number;
}

/**
 * One ECharts canvas: created on mount, updated when the option changes, resized with its container
 * (tablets rotate; the layout reflows) and disposed on unmount so no listeners or canvases leak.
 */
export function EChart({ title, summary, option, init, table, height = 260 }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echartsInit> | undefined>(undefined);
  const titleId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `init` is a module function; one instance per mount.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer =
      typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(() => instance.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <figure className="card chart" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      <div ref={box} className="chart-canvas" style={{ height }} role="img" aria-label={summary} />
      {table && <div className="visually-hidden">{table}</div>}
    </figure>
  );
}
