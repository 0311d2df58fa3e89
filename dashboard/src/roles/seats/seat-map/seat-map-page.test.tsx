import { act, cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ProfilerOnRenderCallback } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import SeatMapPage from "./seat-map-page.js";
import { MIN, routes, seat, seatMap } from "./testing/seat-map-fixtures.js";

// Every tile inside its own Profiler: the Profiler reports whenever the tile (or the wrapper, i.e.
// the grid above it) renders, so the test sees exactly which tiles a live change re-rendered.
const tileRenders = new Map<string, number>();
vi.mock(import("./seat-tile.js"), async (importOriginal) => {
  const real = await importOriginal();
  const { Profiler, createElement } = await import("react");
  const onRender: ProfilerOnRenderCallback = (id) => tileRenders.set(id, (tileRenders.get(id) ?? 0) + 1);
  const Counted = ({ seat }: { seat: string }) =>
    createElement(Profiler, { id: seat, onRender }, createElement(real.SeatTile, { seat }));
  return { SeatTile: Counted as unknown as typeof real.SeatTile };
});

let now = 0;

const tile = (id: string) =>
  document.querySelector<HTMLButtonElement>(`[data-seat="${id}"]`) as HTMLButtonElement;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-26T10:00:00"));
  now = Date.now();
  tileRenders.clear();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("SeatMapPage", () => {
  it("colours each tile by state, names it in words and ticks its timer from one page interval", async () => {
    const intervals = vi.spyOn(globalThis, "setInterval");
    routes(
      seatMap([
        seat("1A", "occupied", 5 * MIN),
        seat("1B", "empty", 125 * MIN),
        seat("1C", "held", 45_000),
        seat("1D", "unknown", null),
      ]),
    );
    renderWithServices(<SeatMapPage />);
    const occupied = await screen.findByRole("button", { name: "Seat 1A: occupied" });
    expect(occupied.dataset.state).toBe("occupied");
    expect(occupied.className).toContain("state-occupied");
    expect(tile("1B").className).toContain("state-empty");
    expect(tile("1C").dataset.state).toBe("held");
    expect(tile("1D").getAttribute("aria-label")).toBe("Seat 1D: unknown");
    const timer = (id: string) => tile(id).querySelector(".seat-timer")?.textContent;
    expect(timer("1A")).toBe("5 min");
    expect(timer("1B")).toBe("2 h 5 min");
    expect(timer("1C")).toBe("45 s");
    expect(timer("1D")).toBe("");
    // The KPIs come from the store (1 of 4 occupied, 1 held) and the hub's stats.
    const kpis = screen.getByRole("region", { name: "Key figures" });
    expect(kpis.textContent).toContain("25 %");
    expect(kpis.textContent).toContain("42 min");

    vi.setSystemTime(now + 2 * MIN);
    await vi.waitFor(() => expect(timer("1A")).toBe("7 min"), { timeout: 2_500 });
    expect(timer("1C")).toBe("2 min");
    expect(intervals.mock.calls.filter(([, ms]) => ms === 1_000)).toHaveLength(1);
  });

  it("re-renders only the tile a live change is about, single or batched", async () => {
    const seats = Array.from({ length: 60 }, (_, i) =>
      seat(`S${i}`, "empty", MIN, i < 30 ? "cam-1" : "cam-2"),
    );
    routes(seatMap(seats));
    const { socket } = renderWithServices(<SeatMapPage />);
    await screen.findByRole("button", { name: "Seat S0: empty" });
    expect(tileRenders.size).toBe(60);
    tileRenders.clear();

    const change = (s: string, to: string) => ({
      site: "cafe",
      device: "edge-1",
      camera: "cam-1",
      data: {
        seat: s,
        from: "empty",
        to,
        at: Date.now(),
        confidence: 0.9,
        evidence: { persons: 1, objects: [] },
      },
    });
    act(() => socket.serverEmit("seat:change", change("S7", "occupied")));
    expect(tile("S7").dataset.state).toBe("occupied");
    expect([...tileRenders.keys()]).toEqual(["S7"]);

    tileRenders.clear();
    act(() =>
      socket.serverEmit("live:batch", [
        ["seat:change", change("S40", "held")],
        ["gate:entry", { site: "cafe", device: "edge-1", data: {} }],
      ]),
    );
    expect(tile("S40").dataset.state).toBe("held");
    expect([...tileRenders.keys()]).toEqual(["S40"]);
    expect(
      screen.getByRole("region", { name: "Key figures" }).querySelector('[data-kpi="held"]')?.textContent,
    ).toContain("1");

    // Another site's event (the room of a site just left) changes nothing.
    act(() => socket.serverEmit("seat:change", { ...change("S8", "occupied"), site: "other" }));
    expect(tile("S8").dataset.state).toBe("empty");
  });

  it("applies a device's retained seat snapshot, ignoring states older than those shown", async () => {
    routes(seatMap([seat("1A", "empty", MIN), seat("1B", "occupied", MIN)]));
    const { socket } = renderWithServices(<SeatMapPage />);
    await screen.findByRole("button", { name: "Seat 1A: empty" });
    const seats = [
      { seat: "1A", state: "held", since: now - 10_000, confidence: 0.8 },
      { seat: "1B", state: "empty", since: now - 10 * MIN, confidence: 0.8 },
    ];
    act(() =>
      socket.serverEmit("seat:snapshot", {
        site: "cafe",
        device: "edge-1",
        camera: "cam-1",
        data: { seats },
      }),
    );
    expect(tile("1A").dataset.state).toBe("held");
    expect(tile("1A").querySelector(".seat-timer")?.textContent).toBe("10 s");
    expect(tile("1B").dataset.state).toBe("occupied");
  });

  it("opens a seat's detail with today's timeline; Escape closes it and focus returns to the tile", async () => {
    routes(seatMap([seat("1A", "occupied", 5 * MIN)]));
    renderWithServices(<SeatMapPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Seat 1A: occupied" }));
    const dialog = screen.getByRole("dialog", { name: "Seat 1A" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await vi.waitFor(() => expect(dialog.querySelectorAll("[data-event]")).toHaveLength(1));
    expect(dialog.querySelector("[data-event]")?.textContent).toContain("empty → occupied");
    expect(dialog.querySelector("[data-event]")?.textContent).toContain("was empty 20 min");
    const segments = [...dialog.querySelectorAll<HTMLElement>("[data-segment]")].map(
      (s) => s.dataset.segment,
    );
    expect(segments).toEqual(["empty", "occupied"]);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(tile("1A"));
  });
});
