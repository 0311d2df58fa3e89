import { describe, expect, it } from "vitest";
import type { RawImage } from "./raw-image.js";
import { placement, resizeRgb, toSource } from "./resize.js";

/** A solid-colour image. */
function solid(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height };
}

function pixel(img: RawImage, x: number, y: number): number[] {
  const i = (y * img.width + x) * 3;
  return [...img.data.subarray(i, i + 3)];
}

describe("placement", () => {
  it("letterboxes a wide frame with equal bars top and bottom", () => {
    expect(placement(1280, 720, { width: 640, height: 640, fit: "letterbox" })).toEqual({
      scaleX: 0.5,
      scaleY: 0.5,
      padX: 0,
      padY: 140,
      srcWidth: 1280,
      srcHeight: 720,
    });
  });

  it("stretches without padding", () => {
    const t = placement(640, 424, { width: 512, height: 512, fit: "stretch" });
    expect([t.scaleX, t.scaleY, t.padX, t.padY]).toEqual([0.8, 512 / 424, 0, 0]);
  });

  it("maps boxes back to source pixels and clamps them to the frame", () => {
    const t = placement(1280, 720, { width: 640, height: 640, fit: "letterbox" });
    expect(toSource([100, 190, 300, 290], t)).toEqual([200, 100, 600, 300]);
    expect(toSource([-10, 100, 700, 600], t)).toEqual([0, 0, 1280, 720]);
  });
});

describe("resizeRgb", () => {
  it("letterboxes into exact size with the pad value in the bars", async () => {
    const { image, transform } = await resizeRgb(solid(80, 40, [10, 200, 30]), {
      width: 32,
      height: 32,
      fit: "letterbox",
      pad: 114,
    });
    expect([image.width, image.height, image.data.length]).toEqual([32, 32, 32 * 32 * 3]);
    expect(transform.padY).toBe(8);
    expect(pixel(image, 16, 2)).toEqual([114, 114, 114]);
    expect(pixel(image, 16, 29)).toEqual([114, 114, 114]);
    expect(pixel(image, 16, 16)).toEqual([10, 200, 30]);
    expect(pixel(image, 0, 9)).toEqual([10, 200, 30]);
  });

  it("stretches to the exact size and passes same-size images through untouched", async () => {
    const src = solid(50, 20, [1, 2, 3]);
    const { image } = await resizeRgb(src, { width: 16, height: 16, fit: "stretch" });
    expect([image.width, image.height]).toEqual([16, 16]);
    expect(pixel(image, 15, 15)).toEqual([1, 2, 3]);
    const same = await resizeRgb(src, { width: 50, height: 20, fit: "letterbox" });
    expect(same.image).toBe(src);
  });

  it("rejects a buffer that does not match the claimed size", async () => {
    const bad = { data: new Uint8Array(10), width: 4, height: 4 };
    await expect(resizeRgb(bad, { width: 8, height: 8, fit: "stretch" })).rejects.toThrow(/needs 48 bytes/);
  });
});
