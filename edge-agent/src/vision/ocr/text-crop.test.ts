import { describe, expect, it } from "vitest";
import type { RawImage } from "../image/raw-image.js";
import { cropRegion, cropTextLine } from "./text-crop.js";

/** Grey image with a white band whose left half is red: tells the crop's orientation apart. */
function bandImage(angleDeg: number): RawImage {
  const width = 200;
  const height = 120;
  const data = new Uint8Array(width * height * 3).fill(60);
  const a = (angleDeg * Math.PI) / 180;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - 100;
      const dy = y + 0.5 - 60;
      const u = dx * Math.cos(a) + dy * Math.sin(a);
      const v = -dx * Math.sin(a) + dy * Math.cos(a);
      if (Math.abs(u) > 60 || Math.abs(v) > 10) continue;
      const o = (y * width + x) * 3;
      data.set(u < 0 ? [230, 20, 20] : [240, 240, 240], o);
    }
  }
  return { data, width, height };
}

const pixel = (img: RawImage, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];

describe("cropTextLine", () => {
  it("straightens a rotated line into a 48-high crop with the right aspect", () => {
    const image = bandImage(10);
    const crop = cropTextLine(image, {
      cx: 100,
      cy: 60,
      width: 120,
      height: 20,
      angle: (10 * Math.PI) / 180,
    });
    expect(crop.height).toBe(48);
    expect(crop.width).toBe(288);
    // Rows through the middle are band colour end to end: red left, white right, no grey.
    expect(pixel(crop, 20, 24)).toEqual([230, 20, 20]);
    expect(pixel(crop, 268, 24)).toEqual([240, 240, 240]);
    expect(pixel(crop, 144, 4)[0]).toBeGreaterThan(200);
  });

  it("turns tall boxes a quarter to the left", () => {
    const image = bandImage(90);
    const crop = cropTextLine(image, { cx: 100, cy: 60, width: 20, height: 120, angle: 0 });
    expect(crop.height).toBe(48);
    expect(crop.width).toBe(288);
    // u < 0 (red) is the band's top end at 90°, which reads first after the turn.
    expect(pixel(crop, 20, 24)).toEqual([230, 20, 20]);
    expect(pixel(crop, 268, 24)).toEqual([240, 240, 240]);
  });

  it("averages several samples per pixel when shrinking", () => {
    const image = bandImage(0);
    const crop = cropTextLine(image, { cx: 100, cy: 65, width: 200, height: 120, angle: 0 }, { height: 12 });
    expect(crop.height).toBe(12);
    expect(crop.width).toBe(20);
    // Rows span 10 source pixels and the band's edges fall inside rows, which blend with the grey
    // around the band instead of aliasing to either colour.
    const column = Array.from({ length: 12 }, (_, y) => pixel(crop, 15, y)[1] as number);
    expect(new Set(column).size).toBeGreaterThan(2);
  });
});

describe("cropRegion", () => {
  it("resamples a tall box upright, to the size asked, without turning it", () => {
    const image = bandImage(90);
    const crop = cropRegion(image, { cx: 100, cy: 60, width: 20, height: 120, angle: 0 }, 10, 60);
    expect([crop.width, crop.height]).toEqual([10, 60]);
    // The band's red end is on top: the box is not turned as cropTextLine turns it.
    expect(pixel(crop, 5, 5)).toEqual([230, 20, 20]);
    expect(pixel(crop, 5, 55)).toEqual([240, 240, 240]);
  });

  it("straightens a rotated box along its width axis", () => {
    const image = bandImage(10);
    const crop = cropRegion(
      image,
      { cx: 100, cy: 60, width: 120, height: 20, angle: (10 * Math.PI) / 180 },
      60,
      10,
    );
    expect(pixel(crop, 5, 5)).toEqual([230, 20, 20]);
    expect(pixel(crop, 55, 5)).toEqual([240, 240, 240]);
  });
});
