import { describe, expect, it } from "vitest";
import { clampPoint, keyMove, planPositions, pointerPoint } from "./floor-plan.js";
import type { SeatEntry } from "./seat-store.js";

function entry(seat: string, camera: string, layout: SeatEntry["layout"] = null): SeatEntry {
  return {
    seat,
    kind: "desk",
    device: "edge-1",
    camera,
    state: "empty",
    since: null,
    polygon: [
      [0.2, 0.4],
      [0.4, 0.4],
      [0.4, 0.6],
      [0.2, 0.6],
    ],
    layout,
    x: 0,
    y: 0,
  };
}

describe("planPositions", () => {
  it("places unplaced seats at their polygon's centre, each camera in its own band", () => {
    const p = planPositions([entry("B1", "cam-b"), entry("A1", "cam-a"), entry("A2", "cam-a")]);
    // Two cameras: cam-a takes the left half, cam-b the right half; y is the centre's height.
    expect(p.get("A1")?.x).toBeCloseTo(0.15);
    expect(p.get("A1")?.y).toBeCloseTo(0.5);
    expect(p.get("B1")?.x).toBeCloseTo(0.65);
    expect(planPositions([entry("A1", "cam-a")]).get("A1")?.x).toBeCloseTo(0.3);
  });

  it("puts a seat placed by hand where it was placed, whatever its polygon", () => {
    const p = planPositions([entry("A1", "cam-a", { x: 0.9, y: 0.05 }), entry("B1", "cam-b")]);
    expect(p.get("A1")).toEqual({ x: 0.9, y: 0.05 });
  });
});

describe("moves", () => {
  it("keeps positions inside the plan", () => {
    expect(clampPoint({ x: -0.2, y: 1.4 })).toEqual({ x: 0, y: 1 });
    expect(pointerPoint(1200, -30, { left: 100, top: 0, width: 1000, height: 500 })).toEqual({ x: 1, y: 0 });
    expect(pointerPoint(600, 250, { left: 100, top: 0, width: 1000, height: 500 })).toEqual({
      x: 0.5,
      y: 0.5,
    });
  });

  it("steps with the arrow keys, further with Shift, and ignores other keys", () => {
    expect(keyMove({ x: 0.5, y: 0.5 }, "ArrowRight", false)?.x).toBeCloseTo(0.51);
    expect(keyMove({ x: 0.5, y: 0.5 }, "ArrowUp", true)?.y).toBeCloseTo(0.45);
    expect(keyMove({ x: 0, y: 0.5 }, "ArrowLeft", true)).toEqual({ x: 0, y: 0.5 });
    expect(keyMove({ x: 0.5, y: 0.5 }, "Enter", false)).toBeUndefined();
  });
});
