import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import SeatMapPage from "./seat-map-page.js";
import { MIN, routes, seat, seatMap } from "./testing/seat-map-fixtures.js";

const slot = (id: string) => document.querySelector<HTMLElement>(`[data-plan-seat="${id}"]`) as HTMLElement;
const tile = (id: string) => document.querySelector<HTMLElement>(`[data-seat="${id}"]`) as HTMLElement;
const patched = (calls: { method: string; url: URL; body?: unknown }[]) =>
  calls.filter((c) => c.method === "PATCH").map((c) => [c.url.pathname.split("/").pop(), c.body]);
const ok = () => ({ push: { device: "edge-1", status: "skipped" } });

beforeEach(() => {
  // happy-dom lays nothing out: the plan is 1000 × 500 px at the page's origin.
  vi.spyOn(Element.prototype, "getBoundingClientRect").mockReturnValue({
    left: 0,
    top: 0,
    width: 1000,
    height: 500,
    right: 1000,
    bottom: 500,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
});
afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function openPlan(map = seatMap([seat("1A", "empty", MIN), seat("2A", "occupied", MIN, "cam-2")])) {
  const calls = routes(map, [], {
    "PATCH /api/v1/sites/cafe/seats/1A": ok,
    "PATCH /api/v1/sites/cafe/seats/2A": ok,
  });
  const view = renderWithServices(<SeatMapPage />);
  await userEvent.click(await screen.findByRole("button", { name: "Layout" }));
  return { calls, ...view };
}

describe("the seat map's floor plan", () => {
  it("places tiles by their polygons per camera, or where they were placed by hand", async () => {
    const placed = { ...seat("3A", "held", MIN), layout: { x: 0.8, y: 0.9 } };
    await openPlan(seatMap([seat("1A", "empty", MIN), seat("2A", "occupied", MIN, "cam-2"), placed]));
    expect(screen.getByRole("button", { name: "Layout" }).getAttribute("aria-pressed")).toBe("true");
    // The choice is remembered for the next visit.
    cleanup();
    renderWithServices(<SeatMapPage />);
    expect((await screen.findByRole("button", { name: "Layout" })).getAttribute("aria-pressed")).toBe("true");
    // The fixture polygon's centre is (0.167, 0.133); cam-1 takes the left half of the plan, cam-2 the right.
    expect(parseFloat(slot("1A").style.left)).toBeCloseTo(8.33, 1);
    expect(parseFloat(slot("1A").style.top)).toBeCloseTo(13.33, 1);
    expect(parseFloat(slot("2A").style.left)).toBeCloseTo(58.33, 1);
    expect(slot("3A").style.left).toBe("80%");
    expect(slot("3A").style.top).toBe("90%");
  });

  it("saves a dragged tile's place, kept inside the plan, without opening the seat", async () => {
    const { calls } = await openPlan();
    fireEvent.pointerDown(tile("1A"), { clientX: 60, clientY: 60, pointerId: 1, button: 0 });
    fireEvent.pointerMove(tile("1A"), { clientX: 400, clientY: 100, pointerId: 1 });
    fireEvent.pointerMove(tile("1A"), { clientX: 1300, clientY: -40, pointerId: 1 });
    expect(slot("1A").style.left).toBe("100%");
    fireEvent.pointerUp(tile("1A"), { clientX: 1300, clientY: -40, pointerId: 1 });
    fireEvent.click(tile("1A"));
    await waitFor(() => expect(patched(calls)).toEqual([["1A", { layout: { x: 1, y: 0 } }]]));
    expect(screen.queryByRole("dialog")).toBeNull();

    // A press without travel is a click: the seat opens and nothing is saved.
    fireEvent.pointerDown(tile("2A"), { clientX: 560, clientY: 60, pointerId: 2, button: 0 });
    fireEvent.pointerUp(tile("2A"), { clientX: 561, clientY: 60, pointerId: 2 });
    fireEvent.click(tile("2A"));
    expect(screen.getByRole("dialog", { name: "Seat 2A" })).toBeDefined();
    expect(patched(calls)).toHaveLength(1);
  });

  it("moves a focused tile with the arrow keys and saves where it came to rest", async () => {
    const { calls } = await openPlan(
      seatMap([{ ...seat("1A", "empty", MIN), layout: { x: 0.02, y: 0.5 } }, seat("2A", "empty", MIN)]),
    );
    tile("1A").focus();
    await userEvent.keyboard("{Shift>}{ArrowLeft}{/Shift}{ArrowDown}{ArrowDown}");
    expect(slot("1A").style.left).toBe("0%");
    await waitFor(() => expect(patched(calls)).toHaveLength(1), { timeout: 2_000 });
    const [[id, body]] = patched(calls) as [[string, { layout: { x: number; y: number } }]];
    expect(id).toBe("1A");
    expect(body.layout.x).toBe(0);
    expect(body.layout.y).toBeCloseTo(0.52);
  });

  it("says when a place could not be saved", async () => {
    const calls = routes(seatMap([seat("1A", "empty", MIN)]));
    renderWithServices(<SeatMapPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Layout" }));
    fireEvent.pointerDown(tile("1A"), { clientX: 60, clientY: 60, pointerId: 1, button: 0 });
    fireEvent.pointerMove(tile("1A"), { clientX: 500, clientY: 250, pointerId: 1 });
    fireEvent.pointerUp(tile("1A"), { clientX: 500, clientY: 250, pointerId: 1 });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Seat 1A could not be placed/);
    expect(calls.some((c) => c.method === "PATCH")).toBe(true);
  });
});

describe("a camera's picture from the seat map", () => {
  it("opens the latest picture with the seats drawn over it, and the live view on demand", async () => {
    const { socket } = await openPlan();
    await userEvent.click(screen.getByRole("button", { name: "cam-2 (edge-1)" }));
    const dialog = screen.getByRole("dialog", { name: "Camera cam-2 on edge-1" });
    const shapes = () =>
      [...dialog.querySelectorAll<SVGGElement>("[data-shape]")].map((g) => g.dataset.shape);
    expect(shapes()).toEqual(["2A"]);
    expect(await screen.findByText("No picture from this camera yet.")).toBeDefined();
    expect(socket.requests.filter((r) => r.event === "live:watch")).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Live" }));
    await waitFor(() =>
      expect(socket.requests.find((r) => r.event === "live:watch")?.payload).toEqual({
        site: "cafe",
        device: "edge-1",
        camera: "cam-2",
      }),
    );
    const data = {
      v: 1,
      id: "f",
      seq: 1,
      ts: 1,
      session: "s",
      width: 1000,
      height: 500,
      jpeg: "AAAA",
      detections: [],
    };
    act(() => socket.serverEmit("live:frame", { site: "cafe", device: "edge-1", camera: "cam-2", data }));
    const picture = screen.getByRole("img", { name: "Live picture of cam-2" }).parentElement as HTMLElement;
    const shape = picture.querySelector('[data-shape="2A"]') as SVGGElement;
    expect(shape.dataset.state).toBe("occupied");
    expect(shape.querySelector("polygon")?.getAttribute("points")).toBe("100,50 200,50 200,100");
    // A live change recolours the shape over the live picture.
    act(() =>
      socket.serverEmit("seat:change", {
        site: "cafe",
        device: "edge-1",
        camera: "cam-2",
        data: {
          seat: "2A",
          from: "occupied",
          to: "held",
          at: Date.now(),
          confidence: 0.9,
          evidence: { persons: 0, objects: [] },
        },
      }),
    );
    expect(shape.dataset.state).toBe("held");

    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(socket.requests.map((r) => r.event)).toContain("live:unwatch");
    expect(document.activeElement?.textContent).toBe("cam-2 (edge-1)");
  });
});
