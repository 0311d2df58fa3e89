import { describe, expect, it } from "vitest";
import { boxShrink, resampleAxis } from "./resample-axis.js";

describe("resampleAxis", () => {
  it("centres a triangle as wide as the shrink factor on each output pixel, weights summing to 1", () => {
    const a = resampleAxis(40, 10);
    // Output 1 covers inputs 4..7 (centre 5.5); radius 4 reaches inputs 2..9.
    expect(a.start[1]).toBe(2);
    expect(a.count[1]).toBe(8);
    const w = Array.from(a.weights.subarray(a.taps, a.taps + 8));
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(w).toEqual([...w].reverse());
    // At the border the cut-off filter is renormalised rather than reading outside.
    expect(a.start[0]).toBe(0);
    expect(Array.from(a.weights.subarray(0, a.count[0])).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it("takes the step from the caller after a box shrink", () => {
    // 100 inputs box-shrunk 3× give 34 pixels (the last covers one input); 10 outputs step 10/3 of them.
    const centreOf = (a: ReturnType<typeof resampleAxis>, o: number) => {
      let at = 0;
      for (let k = 0; k < (a.count[o] ?? 0); k++)
        at += (a.weights[o * a.taps + k] ?? 0) * ((a.start[o] ?? 0) + k);
      return at;
    };
    // Output 4 covers inputs 40..49, centre 45 = shrunk pixel 15 = index 14.5 in pixel-centre terms.
    expect(centreOf(resampleAxis(34, 10, 10 / 3), 4)).toBeCloseTo(14.5, 5);
    expect(centreOf(resampleAxis(34, 10), 4)).toBeGreaterThan(14.7); // 34/10 would drift right
  });
});

describe("boxShrink", () => {
  it("averages whole blocks and what is left at the right and bottom edges, skipping alpha", () => {
    // 5×3 RGBA, red = 10·x + y, alpha 255: 2×2 blocks leave a 1-wide column and a 1-high row.
    const data = new Uint8Array(5 * 3 * 4);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 5; x++) data.set([10 * x + y, 50, 0, 255], (y * 5 + x) * 4);
    const out = new Float32Array(3 * 2 * 3);
    boxShrink(data, 5, 3, 4, 2, 2, out, new Uint32Array(9));
    const red = Array.from({ length: 6 }, (_, i) => out[i * 3]);
    expect(red).toEqual([5.5, 25.5, 40.5, 7, 27, 42]);
    expect(Array.from({ length: 6 }, (_, i) => out[i * 3 + 1])).toEqual([50, 50, 50, 50, 50, 50]);
    expect(Array.from({ length: 6 }, (_, i) => out[i * 3 + 2])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
