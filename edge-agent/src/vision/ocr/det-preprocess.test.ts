import { describe, expect, it } from "vitest";
import { detLayout, detPreprocess } from "./det-preprocess.js";

describe("detLayout", () => {
  it("keeps a 640-wide crop at its size and pads to multiples of 32", () => {
    expect(detLayout(640, 136)).toEqual({
      scaledWidth: 640,
      scaledHeight: 136,
      inputWidth: 640,
      inputHeight: 160,
      scaleX: 1,
      scaleY: 1,
    });
  });

  it("limits the long side and enlarges tiny inputs", () => {
    const big = detLayout(1920, 1080);
    expect([big.scaledWidth, big.scaledHeight, big.inputWidth, big.inputHeight]).toEqual([
      960, 540, 960, 544,
    ]);
    const small = detLayout(160, 40);
    expect([small.scaledWidth, small.scaledHeight, small.inputWidth, small.inputHeight]).toEqual([
      320, 80, 320, 96,
    ]);
    expect(small.scaleX).toBe(2);
  });
});

describe("detPreprocess", () => {
  it("normalises BGR planes and repeats edge pixels into the padding", async () => {
    const width = 400;
    const height = 20;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) data.set([255, 128, 0], i * 3);
    const input = await detPreprocess({ data, width, height });
    expect(input.dims).toEqual([1, 3, 32, 416]);
    const plane = 32 * 416;
    // B plane: 0 → (0 - 0.485) / 0.229; R plane: 255 → (1 - 0.406) / 0.225.
    expect(input.data[0]).toBeCloseTo(-0.485 / 0.229, 4);
    expect(input.data[2 * plane]).toBeCloseTo((1 - 0.406) / 0.225, 4);
    // The bottom-right corner is padding copied from the picture, not a constant border.
    expect(input.data[2 * plane + plane - 1]).toBeCloseTo((1 - 0.406) / 0.225, 4);
  });

  it("feeds a picture that already fits the stride as it is", async () => {
    const data = new Uint8Array(320 * 64 * 3);
    data.set([10, 20, 30], (5 * 320 + 7) * 3);
    const input = await detPreprocess({ data, width: 320, height: 64 });
    expect(input.dims).toEqual([1, 3, 64, 320]);
    const plane = 320 * 64;
    // Pixel (7, 5) lands at the same place; plane 0 is blue (30), plane 2 red (10).
    expect(input.data[5 * 320 + 7]).toBeCloseTo((30 / 255 - 0.485) / 0.229, 4);
    expect(input.data[2 * plane + 5 * 320 + 7]).toBeCloseTo((10 / 255 - 0.406) / 0.225, 4);
  });

  it("fills the previous input again when it has the right size", async () => {
    const data = Uint8Array.from({ length: 320 * 64 * 3 }, (_, i) => (i * 37) % 256);
    const image = { data, width: 320, height: 64 };
    const fresh = await detPreprocess(image);
    const previous = new Float32Array(fresh.data.length).fill(Number.NaN);
    const again = await detPreprocess(image, {}, previous);
    expect(again.data).toBe(previous);
    expect(again.data).toEqual(fresh.data);
    // An array of another size (another picture size) is left alone.
    const other = new Float32Array(16);
    const third = await detPreprocess(image, {}, other);
    expect(third.data).not.toBe(other);
    expect(third.data).toEqual(fresh.data);
  });
});
