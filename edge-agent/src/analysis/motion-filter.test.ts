import { describe, expect, it } from "vitest";
import { polygonBounds, type Vec } from "./geometry.js";
import { MotionFilter, type MotionRegion } from "./motion-filter.js";
import { noisy, paint, syntheticFrame } from "./synthetic-frame.test-support.js";

const W = 320;
const H = 240;
function region(id: string, polygon: Vec[]): MotionRegion {
  return { id, polygon, rect: polygonBounds(polygon, W, H) };
}
const A = region("A", [
  [10, 10],
  [110, 10],
  [110, 110],
  [10, 110],
]);
// Concave "U" seat: its notch x 190..230, y 120..180 lies inside the bounding box but not the seat.
const B = region("B", [
  [150, 120],
  [190, 120],
  [190, 180],
  [230, 180],
  [230, 120],
  [270, 120],
  [270, 230],
  [150, 230],
]);
const regions = [A, B];
const base = syntheticFrame(W, H);

function gate(forceEvery = 10) {
  return new MotionFilter({ patchSize: 32, threshold: 0.02, forceEvery });
}

describe("MotionFilter", () => {
  it("analyses everything once, then skips a static scene until the forced re-check", () => {
    const g = gate(5);
    expect(g.assess(base, regions)).toMatchObject({ analyse: ["A", "B"], runDetector: true });
    for (let i = 1; i < 5; i++) {
      const d = g.assess(noisy(base, 2, i), regions);
      expect(d).toMatchObject({ analyse: [], skipped: ["A", "B"], anyChange: false, runDetector: false });
    }
    const forced = g.assess(base, regions);
    expect(forced).toMatchObject({
      analyse: ["A", "B"],
      forced: ["A", "B"],
      anyChange: false,
      runDetector: true,
    });
    expect(g.assess(base, regions).runDetector).toBe(false);
  });

  it("flags only the seat whose region changed", () => {
    const g = gate();
    g.assess(base, regions);
    const d = g.assess(paint(base, 40, 40, 80, 80, 20), regions);
    expect(d.analyse).toEqual(["A"]);
    expect(d.skipped).toEqual(["B"]);
    expect(d.anyChange).toBe(true);
    expect(d.diffs.get("A")).toBeGreaterThan(0.02);
  });

  it("ignores movement in a concave seat's notch", () => {
    const g = gate();
    g.assess(base, regions);
    const d = g.assess(paint(base, 195, 120, 225, 175, 250), regions);
    expect(d.diffs.get("B")).toBeLessThan(0.005);
    expect(d.runDetector).toBe(false);
  });

  it("adds up slow creep against the last analysed frame", () => {
    const g = gate(0);
    g.assess(base, regions);
    let frame = base;
    const flagged: number[] = [];
    for (let i = 1; i <= 20; i++) {
      // Half of seat A darkens by 2 levels per frame: invisible frame to frame, not over time.
      frame = paint(base, 10, 10, 110, 60, 120 - 2 * i);
      if (g.assess(frame, regions).analyse.includes("A")) flagged.push(i);
    }
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(20);
  });

  it("forgets seats that are no longer configured and re-analyses forgotten ones", () => {
    const g = gate();
    g.assess(base, regions);
    g.assess(base, [A]);
    expect(g.assess(base, regions).analyse).toEqual(["B"]);
    g.forget();
    expect(g.assess(base, regions).analyse).toEqual(["A", "B"]);
  });
});
