import { describe, expect, it } from "vitest";
import { assertPixelImage, sampleRgb } from "./pixel-image.js";

describe("assertPixelImage", () => {
  it("accepts packed RGB and RGBA and names what is wrong otherwise", () => {
    expect(() =>
      assertPixelImage({ width: 2, height: 2, channels: 3, data: new Uint8Array(12) }),
    ).not.toThrow();
    const canvas = { width: 2, height: 2, channels: 4, data: new Uint8ClampedArray(16) } as const;
    expect(() => assertPixelImage(canvas)).not.toThrow();
    expect(() => assertPixelImage({ ...canvas, channels: 3 })).toThrow(
      /3-channel image 2x2 needs 12 bytes, got 16/,
    );
    expect(() => assertPixelImage({ ...canvas, width: 0 })).toThrow(/invalid image size 0x2/);
    expect(() => assertPixelImage({ ...canvas, channels: 1 as 3 })).toThrow(/3 or 4 channels, got 1/);
  });
});

describe("sampleRgb", () => {
  it("interpolates between pixel centres, clamps at the border and skips alpha", () => {
    // 2×1 RGBA: black then (200, 100, 50) with alpha bytes that must never leak into colour.
    const image = {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([0, 0, 0, 9, 200, 100, 50, 9]),
    } as const;
    const out = [0, 0, 0];
    sampleRgb(image, 0.25, 0, out);
    expect(out).toEqual([50, 25, 12.5]);
    sampleRgb(image, 5, -3, out);
    expect(out).toEqual([200, 100, 50]);
  });
});
