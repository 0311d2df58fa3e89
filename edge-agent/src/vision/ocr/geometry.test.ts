import { describe, expect, it } from "vitest";
import {
  convexHull,
  minAreaRect,
  normalizeRect,
  type Point,
  type RotatedRect,
  rectCorners,
  sortReadingOrder,
  unclipRect,
} from "./geometry.js";

const deg = (d: number) => (d * Math.PI) / 180;

describe("convexHull", () => {
  it("keeps only the extreme points", () => {
    const points: Point[] = [
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
      [2, 1],
      [1, 2],
      [2, 0],
    ];
    const hull = convexHull(points);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => p.join(",")))).toEqual(new Set(["0,0", "4,0", "4,3", "0,3"]));
  });
});

describe("minAreaRect", () => {
  it("finds the rotation of a rotated rectangle's corners and interior points", () => {
    const truth: RotatedRect = { cx: 50, cy: 30, width: 60, height: 12, angle: deg(-7) };
    const points: Point[] = [...rectCorners(truth)];
    for (let i = 0; i < 20; i++) points.push([50 + Math.sin(i) * 10, 30 + Math.cos(i) * 3]);
    const rect = minAreaRect(points);
    expect(rect.angle).toBeCloseTo(truth.angle, 6);
    expect(rect.width).toBeCloseTo(60, 6);
    expect(rect.height).toBeCloseTo(12, 6);
    expect(rect.cx).toBeCloseTo(50, 6);
    expect(rect.cy).toBeCloseTo(30, 6);
  });

  it("describes tall boxes with the near-horizontal axis as width", () => {
    const rect = minAreaRect([
      [0, 0],
      [5, 0],
      [5, 40],
      [0, 40],
    ]);
    expect(rect.angle).toBeCloseTo(0, 9);
    expect(rect.width).toBeCloseTo(5, 9);
    expect(rect.height).toBeCloseTo(40, 9);
  });

  it("handles degenerate inputs", () => {
    expect(minAreaRect([[3, 4]])).toMatchObject({ cx: 3, cy: 4, width: 0, height: 0 });
    const line = minAreaRect([
      [0, 0],
      [10, 0],
    ]);
    expect(line.width).toBeCloseTo(10, 9);
    expect(line.height).toBeCloseTo(0, 9);
  });
});

describe("normalizeRect / rectCorners / unclipRect", () => {
  it("turns a 100° description into a -80° one with swapped sides", () => {
    const rect = normalizeRect({ cx: 0, cy: 0, width: 10, height: 50, angle: deg(100) });
    expect(rect.angle).toBeCloseTo(deg(10), 9);
    expect(rect.width).toBeCloseTo(50, 9);
    expect(rect.height).toBeCloseTo(10, 9);
  });

  it("orders corners tl, tr, br, bl", () => {
    expect(rectCorners({ cx: 5, cy: 2, width: 10, height: 4, angle: 0 })).toEqual([
      [0, 0],
      [10, 0],
      [10, 4],
      [0, 4],
    ]);
  });

  it("grows every side by area·ratio/perimeter", () => {
    const grown = unclipRect({ cx: 0, cy: 0, width: 30, height: 10, angle: 0.1 }, 1.5);
    expect(grown.width).toBeCloseTo(30 + 2 * 5.625, 9);
    expect(grown.height).toBeCloseTo(10 + 2 * 5.625, 9);
    expect(grown.angle).toBe(0.1);
  });
});

describe("sortReadingOrder", () => {
  it("reads lines top to bottom and words left to right even when a word sits lower", () => {
    const at = (cx: number, cy: number, name: string) => ({
      name,
      rect: { cx, cy, width: 40, height: 20, angle: 0 },
    });
    const sorted = sortReadingOrder([at(150, 104, "c"), at(100, 40, "b"), at(20, 44, "a"), at(30, 100, "d")]);
    expect(sorted.map((s) => s.name)).toEqual(["a", "b", "d", "c"]);
  });

  it("keeps the words of a skewed line together", () => {
    const angle = deg(-9);
    const along = (d: number, name: string) => ({
      name,
      rect: { cx: 300 + d * Math.cos(angle), cy: 100 + d * Math.sin(angle), width: 120, height: 40, angle },
    });
    const below = (d: number, name: string) => {
      const item = along(d, name);
      return {
        name,
        rect: {
          ...item.rect,
          cx: item.rect.cx - 60 * Math.sin(angle),
          cy: item.rect.cy + 60 * Math.cos(angle),
        },
      };
    };
    // The right-hand word of each line sits higher in the image than the left-hand one.
    const sorted = sortReadingOrder([along(150, "b"), below(-150, "c"), along(-150, "a"), below(150, "d")]);
    expect(sorted.map((s) => s.name)).toEqual(["a", "b", "c", "d"]);
  });
});
