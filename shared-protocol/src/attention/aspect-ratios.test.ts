import { describe, expect, it } from "vitest";
import { EYE_LANDMARKS, eyeAspectRatio, MOUTH_LANDMARKS, mouthAspectRatio } from "./aspect-ratios.js";

/** A 468-point mesh with everything at the origin except the points a test places. */
function mesh(placed: Record<number, [number, number]>): [number, number, number][] {
  return Array.from({ length: 468 }, (_, i) => [...(placed[i] ?? [0, 0]), 0]);
}

/** An eye 30 px wide centred at (cx, 100), lids `open` px apart. */
function eye(side: "left" | "right", cx: number, open: number) {
  const [p1, p2, p3, p4, p5, p6] = EYE_LANDMARKS[side];
  const dir = side === "right" ? -1 : 1; // outer corner away from the nose
  return {
    [p1]: [cx + dir * 15, 100],
    [p2]: [cx + dir * 5, 100 - open / 2],
    [p3]: [cx - dir * 5, 100 - open / 2],
    [p4]: [cx - dir * 15, 100],
    [p5]: [cx - dir * 5, 100 + open / 2],
    [p6]: [cx + dir * 5, 100 + open / 2],
  } as Record<number, [number, number]>;
}

describe("eyeAspectRatio", () => {
  it("is the lid opening over the eye width", () => {
    const points = mesh({ ...eye("right", 60, 9), ...eye("left", 140, 3) });
    expect(eyeAspectRatio(points, "right")).toBeCloseTo(9 / 30, 6);
    expect(eyeAspectRatio(points, "left")).toBeCloseTo(3 / 30, 6);
  });

  it("does not depend on face size or in-plane rotation", () => {
    const base = eye("left", 0, 9);
    const turned = Object.fromEntries(
      Object.entries(base).map(([i, [x, y]]) => [i, [3 * (x * 0.6 - y * 0.8), 3 * (x * 0.8 + y * 0.6)]]),
    ) as Record<number, [number, number]>;
    expect(eyeAspectRatio(mesh(turned), "left")).toBeCloseTo(eyeAspectRatio(mesh(base), "left"), 6);
  });

  it("complains about a mesh that is too short", () => {
    expect(() => eyeAspectRatio([[0, 0, 0]], "left")).toThrow(/landmark/);
  });
});

describe("mouthAspectRatio", () => {
  function mouth(open: number) {
    const [left, right] = MOUTH_LANDMARKS.corners;
    const placed: Record<number, [number, number]> = { [left]: [80, 200], [right]: [120, 200] };
    MOUTH_LANDMARKS.pairs.forEach(([upper, lower], k) => {
      placed[upper] = [90 + k * 10, 200 - open / 2];
      placed[lower] = [90 + k * 10, 200 + open / 2];
    });
    return mesh(placed);
  }

  it("is near zero for closed lips and grows with the opening", () => {
    expect(mouthAspectRatio(mouth(0))).toBe(0);
    expect(mouthAspectRatio(mouth(8))).toBeCloseTo(8 / 40, 6);
    expect(mouthAspectRatio(mouth(24))).toBeCloseTo(0.6, 6);
  });
});
