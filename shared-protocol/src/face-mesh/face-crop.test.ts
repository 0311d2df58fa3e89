import { describe, expect, it } from "vitest";
import { type CropWindow, cropToSource, sampleWindow } from "./face-crop.js";
import { meshToSource, meshWindow } from "./face-geometry.js";

/** A 4×4 image whose red channel is 10·x + y, green 100, blue the pixel index. */
function testImage() {
  const data = new Uint8Array(4 * 4 * 3);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) data.set([10 * x + y, 100, y * 4 + x], (y * 4 + x) * 3);
  }
  return { data, width: 4, height: 4, channels: 3 } as const;
}
const raw = { scale: 1, offset: 0, layout: "nhwc" } as const;
const red = (out: Float32Array, n: number) => Array.from({ length: n * n }, (_, p) => out[p * 3]);

describe("sampleWindow", () => {
  it("reproduces the image for a window that covers it exactly", () => {
    const out = new Float32Array(48);
    sampleWindow(testImage(), { cx: 2, cy: 2, size: 4, angle: 0, outSize: 4 }, raw, out);
    expect(Array.from(out)).toEqual(Array.from(testImage().data));
  });

  it("rotates: a quarter turn reads source columns as crop rows", () => {
    const out = new Float32Array(48);
    sampleWindow(testImage(), { cx: 2, cy: 2, size: 4, angle: Math.PI / 2, outSize: 4 }, raw, out);
    // Crop x runs along source +y, crop y along source −x.
    expect(red(out, 4).map((v) => Math.round(v ?? -1))).toEqual([
      30, 31, 32, 33, 20, 21, 22, 23, 10, 11, 12, 13, 0, 1, 2, 3,
    ]);
  });

  it("reads black outside the image, normalises, and writes channels first for nchw", () => {
    const out = new Float32Array(4 * 3);
    const fmt = { scale: 1 / 127.5, offset: -1, layout: "nchw" } as const;
    sampleWindow(testImage(), { cx: 4, cy: 4, size: 4, angle: 0, outSize: 2 }, fmt, out);
    // Crop pixel (0,0) samples source point (3, 3): the corner shared by pixels (2..3, 2..3), red 22..33.
    expect(out[0]).toBeCloseTo((22 + 32 + 23 + 33) / 4 / 127.5 - 1, 6);
    expect(out[3]).toBe(-1); // pixel (1,1) is at (6.5, 6.5): outside
    expect(out[4]).toBeCloseTo(100 / 127.5 - 1, 6); // green plane starts at index 4
  });
});

describe("cropToSource / meshToSource", () => {
  const win: CropWindow = { cx: 100, cy: 50, size: 40, angle: 0.3, outSize: 192 };

  it("map crop centre to window centre and scale by size/outSize, z included", () => {
    expect(cropToSource(win, 96, 96)).toEqual([100, 50]);
    const [x, y] = cropToSource({ ...win, angle: 0 }, 192, 0);
    expect([x, y]).toEqual([120, 30]);
    const [p] = meshToSource(Float32Array.from([96 + 48, 96, 9.6]), win, 1);
    expect(p?.[0]).toBeCloseTo(100 + 10 * Math.cos(0.3), 6);
    expect(p?.[1]).toBeCloseTo(50 + 10 * Math.sin(0.3), 6);
    expect(p?.[2]).toBeCloseTo(2, 6);
  });

  it("agree with sampleWindow: the crop pixel sampled at (u, v) comes from cropToSource(u + ½, v + ½)", () => {
    const image = testImage();
    const w: CropWindow = { cx: 2.2, cy: 1.9, size: 2, angle: 0.4, outSize: 2 };
    const out = new Float32Array(12);
    sampleWindow(image, w, raw, out);
    const [sx = 0, sy = 0] = cropToSource(w, 1.5, 0.5);
    // Red is linear in x and y (10x + y at pixel centres x + ½), so bilinear sampling is exact.
    expect(out[3]).toBeCloseTo(10 * (sx - 0.5) + (sy - 0.5), 4);
  });
});

describe("meshWindow", () => {
  it("centres on the box, enlarges its longer side and levels the eyes", () => {
    const w = meshWindow(
      [10, 20, 50, 40],
      [
        [20, 30],
        [40, 50],
      ],
      { scale: 1.5, rotate: true, outSize: 192 },
    );
    expect(w).toMatchObject({ cx: 30, cy: 30, size: 60, outSize: 192 });
    expect(w.angle).toBeCloseTo(Math.PI / 4, 6);
    expect(meshWindow([0, 0, 1, 1], [], { scale: 1, rotate: true, outSize: 8 }).angle).toBe(0);
  });
});
