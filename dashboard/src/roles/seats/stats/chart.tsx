import { type ReactNode, useEffect, useId, useRef } from "react";
import { type ChartOption, init } from "./echarts.js";

export interface ChartProps {
  title: string;
  /** One sentence a screen reader announces instead of the picture. */
  summary: string;
  option: ChartOption;
  /** The figures as a (visually hidden) table: the text alternative of the chart. */
  table?: ReactNode;
  height?: number;
}

/**
 * One ECharts canvas: created on mount, updated when the option changes, resized with its container
 * (tablets rotate; the layout reflows) and disposed on unmount so no listeners or canvases leak.
 */
export function Chart({ title, summary, option, table, height = 260 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | undefined>(undefined);
  const titleId = useId();

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
