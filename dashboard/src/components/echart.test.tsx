import { cleanup, render, screen } from "@testing-library/react";
import type { init as echartsInit } from "echarts/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EChart } from "./echart.js";

afterEach(cleanup);

// happy-dom has no canvas: a recording stand-in for the role's registered ECharts `init`.
function fakeInit() {
  const instance = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
  const init = vi.fn(() => instance) as unknown as typeof echartsInit;
  return { init, instance };
}

describe("EChart", () => {
  it("draws its option on a canvas it creates once and disposes on unmount", () => {
    const { init, instance } = fakeInit();
    const first = { series: [{ type: "bar", data: [1] }] };
    const { rerender, unmount } = render(
      <EChart title="Occupancy" summary="Half full" option={first} init={init} />,
    );
    const canvas = screen.getByRole("img", { name: "Half full" });
    expect(init).toHaveBeenCalledWith(canvas, undefined, { renderer: "canvas" });
    expect(instance.setOption).toHaveBeenLastCalledWith(first, { notMerge: true });

    const second = { series: [{ type: "bar", data: [2] }] };
    rerender(<EChart title="Occupancy" summary="Half full" option={second} init={init} />);
    expect(init).toHaveBeenCalledTimes(1);
    expect(instance.setOption).toHaveBeenLastCalledWith(second, { notMerge: true });

    unmount();
    expect(instance.dispose).toHaveBeenCalledTimes(1);
  });

  it("labels the figure with its title, sizes the canvas and keeps the table as a hidden alternative", () => {
    const { init } = fakeInit();
    render(
      <EChart
        title="By hour"
        summary="Busiest at noon"
        option={{}}
        init={init}
        height={220}
        table={<table aria-label="figures" />}
      />,
    );
    expect(screen.getByRole("figure", { name: "By hour" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Busiest at noon" }).style.height).toBe("220px");
    expect(screen.getByRole("table", { name: "figures" }).parentElement?.className).toBe("visually-hidden");
  });
});
