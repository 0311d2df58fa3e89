import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { faceBlurrer } from "../privacy/index.js";
import type { RawImage } from "../vision/image/raw-image.js";
import { imageEncoder } from "./outgoing-image.js";

/** An 8 px black-and-white checkerboard: pixelating any part of it leaves flat grey. */
function checkers(width = 400, height = 200): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (((x >> 3) + (y >> 3)) % 2) data.fill(255, (y * width + x) * 3, (y * width + x + 1) * 3);
  return { data, width, height };
}

/** Standard deviation of the red channel of a JPEG inside [x1, x2) × [y1, y2). */
async function spread(jpeg: string, [x1, y1, x2, y2]: number[]): Promise<number> {
  const { data, info } = await sharp(Buffer.from(jpeg, "base64")).raw().toBuffer({ resolveWithObject: true });
  const values: number[] = [];
  for (let y = y1 ?? 0; y < (y2 ?? 0); y++)
    for (let x = x1 ?? 0; x < (x2 ?? 0); x++) values.push(data[(y * info.width + x) * info.channels] ?? 0);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe("imageEncoder (pictures roles send)", () => {
  // Found in the downsized picture (200×100), where blurring happens.
  const face = async () => faceBlurrer({ find: async () => [[60, 20, 140, 80]], close: async () => {} });
  const inside = [85, 40, 115, 60];

  it("downsizes, blurs faces in privacy mode and fits the message's limit", async () => {
    let privacy = true;
    const encode = imageEncoder(() => (privacy ? face : undefined));
    const blurred = await encode(checkers(), { maxBase64: 200_000, maxWidth: 200 });
    expect(blurred).toMatchObject({ width: 200, height: 100, facesBlurred: true });
    expect(await sharp(Buffer.from(blurred.jpeg, "base64")).metadata()).toMatchObject({
      format: "jpeg",
      width: 200,
      height: 100,
    });
    // The checkers under the face box are pixelated into flat blocks; without privacy they stay.
    expect(await spread(blurred.jpeg, inside)).toBeLessThan(20);
    privacy = false;
    const plain = await encode(checkers(), { maxBase64: 200_000, maxWidth: 200 });
    expect(plain.facesBlurred).toBe(false);
    expect(await spread(plain.jpeg, inside)).toBeGreaterThan(80);
  });

  it("shrinks a picture until it fits, and sends none when faces cannot be blurred", async () => {
    const encode = imageEncoder(() => undefined);
    const small = await encode(checkers(), { maxBase64: 1_200 });
    expect(small.jpeg.length).toBeLessThanOrEqual(1_200);
    const broken = imageEncoder(() => () => Promise.reject(new Error("model missing")));
    await expect(broken(checkers(), { maxBase64: 200_000 })).rejects.toThrow(
      /faces cannot be blurred.*model missing/,
    );
  });
});
