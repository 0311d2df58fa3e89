import { describe, expect, it } from "vitest";
import { connectedComponents, extractDbBoxes, type ProbabilityMap } from "./db-postprocess.js";

function blankMap(width: number, height: number): ProbabilityMap {
  return { data: new Float32Array(width * height), width, height };
}

/** Paints probability `p` on pixels whose centres fall inside the rotated rectangle. */
function paintRect(
  map: ProbabilityMap,
  rect: { cx: number; cy: number; width: number; height: number; angle: number },
  p: number,
): void {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      const dx = x + 0.5 - rect.cx;
      const dy = y + 0.5 - rect.cy;
      if (
        Math.abs(dx * cos + dy * sin) <= rect.width / 2 &&
        Math.abs(dy * cos - dx * sin) <= rect.height / 2
      ) {
        map.data[y * map.width + x] = p;
      }
    }
  }
}

describe("connectedComponents", () => {
  it("separates blobs and joins diagonal neighbours (8-connectivity)", () => {
    const map = blankMap(10, 6);
    for (const [x, y] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [7, 1],
      [8, 1],
    ]) {
      map.data[(y as number) * 10 + (x as number)] = 0.9;
    }
    const components = connectedComponents(map, 0.3);
    expect(components).toHaveLength(2);
    expect(components[0]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // Only row extremes are kept: they fix the convex hull.
    expect(components[1]).toEqual([
      [7, 1],
      [8, 1],
    ]);
  });
});

describe("extractDbBoxes", () => {
  it("boxes an axis-aligned kernel and grows it by area·1.5/perimeter", () => {
    const map = blankMap(100, 40);
    paintRect(map, { cx: 40, cy: 15, width: 40, height: 10, angle: 0 }, 0.9);
    const boxes = extractDbBoxes(map);
    expect(boxes).toHaveLength(1);
    const { rect, score } = boxes[0] as (typeof boxes)[0];
    expect(score).toBeCloseTo(0.9, 5);
    // Kernel pixel centres span 39×9; d = 39·9·1.5 / (2·(39+9)) ≈ 5.48 on every side.
    const d = (39 * 9 * 1.5) / 96;
    expect(rect.cx).toBeCloseTo(40, 5);
    expect(rect.cy).toBeCloseTo(15, 5);
    expect(rect.width).toBeCloseTo(39 + 2 * d, 5);
    expect(rect.height).toBeCloseTo(9 + 2 * d, 5);
    expect(rect.angle).toBeCloseTo(0, 5);
  });

  it("recovers the angle of a skewed line", () => {
    const map = blankMap(160, 100);
    const angle = (8 * Math.PI) / 180;
    paintRect(map, { cx: 80, cy: 50, width: 110, height: 16, angle }, 0.8);
    const boxes = extractDbBoxes(map);
    expect(boxes).toHaveLength(1);
    const rect = boxes[0]?.rect;
    expect(rect?.angle).toBeCloseTo(angle, 1);
    expect(Math.abs((rect?.angle ?? 0) - angle)).toBeLessThan((1.5 * Math.PI) / 180);
    expect(rect?.cx).toBeCloseTo(80, 0);
    expect(rect?.cy).toBeCloseTo(50, 0);
    expect(rect?.width).toBeGreaterThan(110);
  });

  it("drops faint regions, specks and thin lines", () => {
    const map = blankMap(120, 60);
    // Above the binarisation threshold but below the box score threshold.
    paintRect(map, { cx: 30, cy: 15, width: 40, height: 10, angle: 0 }, 0.45);
    // A 2×2 speck is below the minimum size.
    paintRect(map, { cx: 100, cy: 10, width: 2, height: 2, angle: 0 }, 0.99);
    // A one-pixel-high rule is not a text line.
    paintRect(map, { cx: 60, cy: 50.5, width: 100, height: 1, angle: 0 }, 0.99);
    expect(extractDbBoxes(map)).toEqual([]);
    // A lower box threshold admits the faint one.
    expect(extractDbBoxes(map, { boxThreshold: 0.4 })).toHaveLength(1);
  });

  it("honours maxCandidates", () => {
    const map = blankMap(200, 30);
    for (let i = 0; i < 5; i++)
      paintRect(map, { cx: 20 + i * 40, cy: 15, width: 30, height: 10, angle: 0 }, 0.9);
    expect(extractDbBoxes(map)).toHaveLength(5);
    expect(extractDbBoxes(map, { maxCandidates: 2 })).toHaveLength(2);
  });
});
