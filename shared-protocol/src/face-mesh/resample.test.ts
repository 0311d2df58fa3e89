import { describe, expect, it } from "vitest";
import { Resampler } from "./resample.js";

function image(width: number, height: number, channels: 3 | 4, at: (x: number, y: number) => number) {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.fill(at(x, y), (y * width + x) * channels, (y * width + x) * channels + 3);
  }
  return { data, width, height, channels };
}

describe("Resampler", () => {
  it("averages a one-pixel checkerboard to grey instead of aliasing it", () => {
    const out = new Resampler().resize(
      image(64, 64, 3, (x, y) => ((x + y) % 2) * 255),
      16,
      16,
    );
    // A point-sampling resize would read only black or only white pixels here; the cut-off filter
    // at the corners leaves a fraction of a level.
    for (const v of out) expect(Math.abs(v - 127.5)).toBeLessThan(1);
  });

  it("keeps a linear ramp linear when shrinking, up to the edges", () => {
    const out = new Resampler().resize(
      image(40, 4, 4, (x) => x * 6),
      10,
      2,
    );
    // Output pixel i covers source pixels 4i..4i+3, whose centre value is (4i + 1.5) · 6.
    for (let i = 1; i <= 8; i++) expect(out[i * 3]).toBeCloseTo((4 * i + 1.5) * 6, 3);
    expect(out[0]).toBeGreaterThanOrEqual(0);
    expect(out[0]).toBeLessThan(4 * 6);
  });

  it("returns the image unchanged at the same size and upsamples bilinearly", () => {
    const src = image(3, 2, 3, (x, y) => 10 * x + 100 * y);
    expect(Array.from(new Resampler().resize(src, 3, 2))).toEqual(Array.from(src.data));
    const up = new Resampler().resize(
      image(2, 1, 3, (x) => x * 100),
      4,
      1,
    );
    expect(Array.from({ length: 4 }, (_, i) => up[i * 3])).toEqual([0, 25, 75, 100]);
  });

  it("reuses its tables across frames and follows a change of frame size", () => {
    const r = new Resampler();
    const first = Array.from(
      r.resize(
        image(8, 8, 3, () => 50),
        4,
        4,
      ),
    );
    expect(first.every((v) => Math.abs(v - 50) < 1e-4)).toBe(true);
    const second = r.resize(
      image(12, 6, 4, () => 200),
      6,
      3,
    );
    expect(second).toHaveLength(6 * 3 * 3);
    expect(Array.from(second).every((v) => Math.abs(v - 200) < 1e-4)).toBe(true);
  });
});
