import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Point } from "./envelope.js";
import { pointInPolygon, polygonArea, polygonProblem } from "./geometry.js";
import { seatPolygonSchema } from "./messages/commands.js";

const square: Point[] = [
  [0.1, 0.1],
  [0.5, 0.1],
  [0.5, 0.5],
  [0.1, 0.5],
];

describe("seat polygons", () => {
  it("accepts a simple polygon", () => {
    expect(polygonProblem(square)).toBeNull();
    expect(polygonArea(square)).toBeCloseTo(0.16);
  });

  it("rejects too few points, points outside the frame, self-intersection and zero area", () => {
    expect(polygonProblem(square.slice(0, 2))).toMatch(/at least 3/);
    expect(polygonProblem([...square.slice(0, 3), [1.2, 0.5]])).toMatch(/inside the frame/);
    const bowtie: Point[] = [
      [0.1, 0.1],
      [0.5, 0.5],
      [0.5, 0.1],
      [0.1, 0.5],
    ];
    expect(polygonProblem(bowtie)).toMatch(/intersect/);
    expect(
      polygonProblem([
        [0.1, 0.1],
        [0.2, 0.2],
        [0.3, 0.3],
      ]),
    ).toMatch(/area/);
  });

  it("surfaces the problem through the schema", () => {
    const result = seatPolygonSchema.safeParse([
      [0.1, 0.1],
      [0.5, 0.5],
      [0.5, 0.1],
      [0.1, 0.5],
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/edges 1 and 3 intersect/);
  });

  it("property: convex polygons built from sorted angles are valid and contain their centroid", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 12 }),
        (degrees) => {
          const angles = [...degrees].sort((a, b) => a - b);
          // Skip degenerate fans where every point sits in one half-plane of small spread.
          const spread = (angles.at(-1) as number) - (angles[0] as number);
          fc.pre(spread > 200 && angles.every((a, i) => i === 0 || a - (angles[i - 1] as number) < 160));
          const poly = angles.map(
            (a): Point => [
              0.5 + 0.4 * Math.cos((a * Math.PI) / 180),
              0.5 + 0.4 * Math.sin((a * Math.PI) / 180),
            ],
          );
          expect(polygonProblem(poly)).toBeNull();
          expect(pointInPolygon([0.5, 0.5], poly)).toBe(true);
          expect(pointInPolygon([0.001, 0.001], poly)).toBe(false);
        },
      ),
    );
  });
});
