import { describe, expect, it } from "vitest";
import { iou, nms } from "./nms.js";
import { finalize, resolveOptions } from "./postprocess.js";

const item = (classId: number, score: number, box: [number, number, number, number]) => ({
  classId,
  score,
  box,
});

describe("iou", () => {
  it("is 1 for identical boxes, 0 for disjoint or touching ones, and symmetric", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 10);
    expect(iou([5, 0, 15, 10], [0, 0, 10, 10])).toBeCloseTo(50 / 150, 10);
    expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });
});

describe("nms", () => {
  it("keeps the best of overlapping same-class boxes but not across classes", () => {
    const kept = nms(
      [
        item(0, 0.6, [1, 1, 11, 11]),
        item(0, 0.9, [0, 0, 10, 10]),
        item(1, 0.8, [0, 0, 10, 10]),
        item(0, 0.7, [50, 50, 60, 60]),
      ],
      0.5,
    );
    expect(kept.map((k) => [k.classId, k.score])).toEqual([
      [0, 0.9],
      [1, 0.8],
      [0, 0.7],
    ]);
  });

  it("keeps overlaps at or below the threshold and honours the cap", () => {
    const items = [item(0, 0.9, [0, 0, 10, 10]), item(0, 0.8, [5, 0, 15, 10])];
    // IoU of the two is 1/3.
    expect(nms(items, 0.3)).toHaveLength(1);
    expect(nms(items, 0.34)).toHaveLength(2);
    expect(nms(items, 0.5, 1)).toHaveLength(1);
  });
});

describe("resolveOptions / finalize", () => {
  const labels = ["person", "car"];
  const defaults = { scoreThreshold: 0.3, iouThreshold: 0.5, maxDetections: 10 };

  it("merges defaults and maps class names to ids", () => {
    expect(resolveOptions(labels, defaults, { classes: ["car"], scoreThreshold: 0.1 })).toEqual({
      scoreThreshold: 0.1,
      iouThreshold: 0.5,
      maxDetections: 10,
      allowed: new Set([1]),
    });
    expect(resolveOptions(labels, defaults).allowed).toBeNull();
  });

  it("rejects unknown classes and nonsense thresholds clearly", () => {
    expect(() => resolveOptions(labels, defaults, { classes: ["cat"] })).toThrow(
      /unknown class "cat"; known: person, car/,
    );
    expect(() => resolveOptions(labels, defaults, { scoreThreshold: Number.NaN })).toThrow(/scoreThreshold/);
    expect(() => resolveOptions(labels, defaults, { maxDetections: -1 })).toThrow(/maxDetections/);
  });

  it("maps to source pixels, drops boxes outside the frame, labels unknown ids", () => {
    const t = { scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 10, srcWidth: 100, srcHeight: 60 };
    const out = finalize(
      [item(0, 0.9, [10, 20, 30, 40]), item(5, 0.8, [0, 12, 10, 30]), item(1, 0.95, [0, 0, 50, 8])],
      t,
      labels,
      resolveOptions(labels, defaults),
    );
    expect(out).toEqual([
      { label: "person", classId: 0, score: 0.9, box: [20, 20, 60, 60] },
      { label: "class_5", classId: 5, score: 0.8, box: [0, 4, 20, 40] },
    ]);
  });
});
