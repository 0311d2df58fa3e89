import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boxPolygonIntersection,
  boxPolygonOverlap,
  pointInPolygon,
  polygonArea,
  polygonBounds,
  toPixels,
  type Vec,
} from "./geometry.js";

// A "U" opening upwards: the notch (x 40..60, y 0..60) is outside the seat.
const U: Vec[] = [
  [0, 0],
  [40, 0],
  [40, 60],
  [60, 60],
  [60, 0],
  [100, 0],
  [100, 100],
  [0, 100],
];

const rect = (x1: number, y1: number, x2: number, y2: number): Vec[] => [
  [x1, y1],
  [x2, y1],
  [x2, y2],
  [x1, y2],
];

describe("seat geometry", () => {
  it("tests points against a concave polygon", () => {
    expect(pointInPolygon([20, 30], U)).toBe(true);
    expect(pointInPolygon([50, 30], U)).toBe(false);
    expect(pointInPolygon([50, 80], U)).toBe(true);
    expect(pointInPolygon([120, 30], U)).toBe(false);
    expect(polygonArea(U)).toBe(100 * 100 - 20 * 60);
  });

  it("measures box ∩ concave polygon exactly, the notch included", () => {
    expect(boxPolygonIntersection([45, 10, 55, 50], U)).toBe(0);
    expect(boxPolygonIntersection([30, 10, 70, 50], U)).toBeCloseTo(20 * 40);
    expect(boxPolygonIntersection([-50, -50, 200, 200], U)).toBeCloseTo(polygonArea(U));
    const o = boxPolygonOverlap([30, 50, 70, 90], U);
    expect(o.ofBox).toBeCloseTo((40 * 40 - 20 * 10) / (40 * 40));
    expect(o.ofPolygon).toBeCloseTo((40 * 40 - 20 * 10) / polygonArea(U));
    expect(boxPolygonOverlap([10, 10, 10, 50], U)).toEqual({ ofBox: 0, ofPolygon: 0 });
  });

  it("converts normalised polygons to pixels and clamps their bounds to the frame", () => {
    const px = toPixels(
      [
        [0.1, 0.2],
        [0.9, 0.2],
        [0.5, 1],
      ],
      640,
      480,
    );
    expect(px[0]?.[0]).toBeCloseTo(64);
    expect(px[0]?.[1]).toBeCloseTo(96);
    expect(polygonBounds(px, 640, 480)).toEqual({ x: 64, y: 96, width: 512, height: 384 });
    expect(polygonBounds(rect(-10, -10, 20, 20), 15, 15)).toEqual({ x: 0, y: 0, width: 15, height: 15 });
  });

  const coord = fc.integer({ min: 0, max: 200 });

  it("property: box ∩ rectangle matches the closed form, and overlaps stay within 0..1", () => {
    fc.assert(
      fc.property(coord, coord, coord, coord, coord, coord, coord, coord, (a, b, c, d, e, f, g, h) => {
        const [px1, px2] = [Math.min(a, c), Math.max(a, c) + 1];
        const [py1, py2] = [Math.min(b, d), Math.max(b, d) + 1];
        const box = [Math.min(e, g), Math.min(f, h), Math.max(e, g), Math.max(f, h)] as const;
        const expected =
          Math.max(0, Math.min(px2, box[2]) - Math.max(px1, box[0])) *
          Math.max(0, Math.min(py2, box[3]) - Math.max(py1, box[1]));
        expect(boxPolygonIntersection(box, rect(px1, py1, px2, py2))).toBeCloseTo(expected, 6);
        const o = boxPolygonOverlap(box, U);
        for (const v of [o.ofBox, o.ofPolygon]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it("property: the intersection is additive across a split box (exact for concave seats)", () => {
    fc.assert(
      fc.property(coord, coord, coord, coord, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, c, d, t) => {
        const box = [Math.min(a, c), Math.min(b, d), Math.max(a, c) + 1, Math.max(b, d) + 1] as const;
        const mid = box[0] + t * (box[2] - box[0]);
        const left = boxPolygonIntersection([box[0], box[1], mid, box[3]], U);
        const right = boxPolygonIntersection([mid, box[1], box[2], box[3]], U);
        expect(left + right).toBeCloseTo(boxPolygonIntersection(box, U), 6);
      }),
    );
  });
});
