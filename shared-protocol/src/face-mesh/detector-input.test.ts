import { describe, expect, it } from "vitest";
import { inputToSource, letterboxInput } from "./detector-input.js";

const fmt = { scale: 1, offset: 0, layout: "nhwc" } as const;

describe("letterboxInput", () => {
  it("copies an image that already fits and centres it on black, vertically", () => {
    // 4×2 white image into a 4×4 input: rows 1–2 are white, rows 0 and 3 padding.
    const image = { data: new Uint8Array(4 * 2 * 3).fill(255), width: 4, height: 2, channels: 3 } as const;
    const out = new Float32Array(4 * 4 * 3);
    const lb = letterboxInput(image, 4, fmt, out);
    expect(lb).toEqual({ scaleX: 1, scaleY: 1, padX: 0, padY: 1 });
    const rows = [0, 1, 2, 3].map((y) => out[y * 12]);
    expect(rows).toEqual([0, 255, 255, 0]);
  });

  it("shrinks keeping the aspect ratio and maps input points back to the source", () => {
    const image = {
      data: new Uint8Array(40 * 100 * 3).fill(200),
      width: 40,
      height: 100,
      channels: 3,
    } as const;
    const out = new Float32Array(10 * 10 * 3);
    const lb = letterboxInput(image, 10, { scale: 1 / 127.5, offset: -1, layout: "nchw" }, out);
    expect(lb).toEqual({ scaleX: 0.1, scaleY: 0.1, padX: 3, padY: 0 });
    expect(out[0]).toBe(-1); // left padding
    expect(out[5]).toBeCloseTo(200 / 127.5 - 1, 2);
    expect(inputToSource(lb, 3, 0)).toEqual([0, 0]);
    expect(inputToSource(lb, 7, 10)).toEqual([40, 100]);
  });

  it("keeps features where inputToSource says they came from in a wide frame", () => {
    // 320×180 black frame with a white 40×40 square at (200, 60); letterboxed into 64×64.
    const width = 320;
    const height = 180;
    const data = new Uint8Array(width * height * 3);
    for (let y = 60; y < 100; y++) data.fill(255, (y * width + 200) * 3, (y * width + 240) * 3);
    const out = new Float32Array(64 * 64 * 3);
    const lb = letterboxInput({ data, width, height, channels: 3 }, 64, fmt, out);
    expect(lb.padX).toBe(0);
    expect(lb.padY).toBe(14);
    // Centroid of the bright input pixels, mapped back, lands on the square's centre.
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let p = 0; p < 64 * 64; p++) {
      if ((out[p * 3] ?? 0) > 128) {
        sx += (p % 64) + 0.5;
        sy += Math.floor(p / 64) + 0.5;
        n++;
      }
    }
    const [cx, cy] = inputToSource(lb, sx / n, sy / n);
    expect(cx).toBeCloseTo(220, -0.5);
    expect(cy).toBeCloseTo(80, -0.5);
  });

  it("reads RGBA frames (canvas ImageData) the same as RGB, resized or in place", () => {
    const width = 30;
    const height = 20;
    const rgb = new Uint8Array(width * height * 3);
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const px = [(p * 7) % 256, (p * 13) % 256, (p * 29) % 256];
      rgb.set(px, p * 3);
      rgba.set([...px, 255 - (p % 256)], p * 4);
    }
    for (const size of [30, 16]) {
      const a = new Float32Array(size * size * 3);
      const b = new Float32Array(size * size * 3);
      letterboxInput({ data: rgb, width, height, channels: 3 }, size, fmt, a);
      letterboxInput({ data: rgba, width, height, channels: 4 }, size, fmt, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});
