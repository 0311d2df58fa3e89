import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faceJpegs } from "./frame-client.test-support.js";
import { InvalidImageError, JpegDecoder } from "./jpeg-decoder.js";

const decoder = new JpegDecoder(1024 * 1024);
beforeAll(() => decoder.start());
afterAll(() => decoder.stop());

/** Mean absolute difference per byte between two RGB pictures of the same size. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe("JpegDecoder", () => {
  it("decodes real webcam frames to the same RGB as libjpeg through sharp", async () => {
    const frames = faceJpegs();
    for (const jpeg of [frames[0], frames[30], frames[60]]) {
      if (!jpeg) throw new Error("face frames missing");
      const ours = decoder.decode(jpeg);
      const ref = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
      expect([ours.width, ours.height, ours.channels]).toEqual([640, 480, 3]);
      // Different IDCT and chroma upsampling round differently, but full range must be kept: a
      // limited-range conversion would be off by ~10 levels on this picture.
      expect(meanDiff(ours.data, ref.data)).toBeLessThan(2.5);
    }
  });

  it("handles greyscale, 4:4:4 and a size change between frames", async () => {
    const rgb = Buffer.alloc(96 * 64 * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7) % 256;
    const raw = { raw: { width: 96, height: 64, channels: 3 as const } };
    const grey = await sharp(rgb, raw).greyscale().jpeg({ quality: 95 }).toBuffer();
    const full = await sharp(rgb, raw).jpeg({ quality: 95, chromaSubsampling: "4:4:4" }).toBuffer();
    for (const jpeg of [grey, full]) {
      const ours = decoder.decode(jpeg);
      const ref = await sharp(jpeg).toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
      expect([ours.width, ours.height]).toEqual([96, 64]);
      expect(meanDiff(ours.data, ref.data)).toBeLessThan(2.5);
    }
    expect(decoder.decode(faceJpegs()[1] as Buffer).width).toBe(640);
  });

  it("refuses what is not a JPEG, is cut short or is too large, and keeps decoding afterwards", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
      .png()
      .toBuffer();
    const good = faceJpegs()[2] as Buffer;
    const truncated = Buffer.concat([good.subarray(0, 600), Buffer.from([0xff, 0xd9])]);
    const huge = await sharp({ create: { width: 2048, height: 1024, channels: 3, background: "blue" } })
      .jpeg()
      .toBuffer();
    expect(() => decoder.decode(png)).toThrow(/no JPEG start marker/);
    expect(() => decoder.decode(Buffer.from("garbage"))).toThrow(InvalidImageError);
    expect(() => decoder.decode(huge)).toThrow(/2048x1024 is more than/);
    // A picture cut off in its entropy-coded data either fails or decodes; it must never break the
    // decoder for the next frame.
    try {
      decoder.decode(truncated);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidImageError);
    }
    const after = decoder.decode(good);
    const ref = await sharp(good).raw().toBuffer();
    expect(meanDiff(after.data, ref)).toBeLessThan(2.5);
  });
});
