import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia, media } from "../media.test-support.js";
import { modelPath } from "../models/model-cache.js";
import { loadRgb, type RawImage } from "../vision/image/raw-image.js";
import { createFaceBlurrer, type FaceBlurrer } from "./face-blurrer.js";

function modelBuilt(): boolean {
  try {
    return Boolean(modelPath("blazeface"));
  } catch {
    return false;
  }
}

/** Mean absolute channel difference between two images over a rectangle. */
function meanDiff(a: RawImage, b: RawImage, [x1, y1, x2, y2]: number[]): number {
  let sum = 0;
  let n = 0;
  for (let y = y1 ?? 0; y < (y2 ?? 0); y++)
    for (let x = x1 ?? 0; x < (x2 ?? 0); x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
        n += 1;
      }
  return sum / n;
}

describe.skipIf(!hasMedia || !modelBuilt())("blurFaces on a real portrait", () => {
  let blurrer: FaceBlurrer;
  beforeAll(async () => {
    blurrer = await createFaceBlurrer({ threads: 2 });
  });
  afterAll(() => blurrer?.close());

  it("destroys the astronaut's face and leaves pixels far from it unchanged", async () => {
    const image = await loadRgb(media("astronaut.png"));
    const out = await blurrer.blurFaces(image);
    expect(out.faces).toBe(1);
    expect([out.width, out.height]).toEqual([image.width, image.height]);
    // The face sits in the upper middle of the 512×512 portrait (see the landmarker test).
    expect(meanDiff(image, out, [190, 90, 270, 170])).toBeGreaterThan(8);
    // Fine detail is gone: neighbouring pixels inside the face are mostly equal now.
    let same = 0;
    for (let x = 190; x < 270; x++) {
      const i = (130 * out.width + x) * 3;
      if (out.data[i] === out.data[i + 3]) same += 1;
    }
    expect(same).toBeGreaterThan(60);
    for (const far of [
      [0, 300, 120, 512],
      [400, 0, 512, 80],
      [380, 380, 512, 512],
    ])
      expect(meanDiff(image, out, far)).toBe(0);
  });

  it("returns an image without faces unchanged", async () => {
    const blank = { data: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48 };
    const out = await blurrer.blurFaces(blank);
    expect(out.faces).toBe(0);
    expect(out.data).toEqual(blank.data);
  });
});
