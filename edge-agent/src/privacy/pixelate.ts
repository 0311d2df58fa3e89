import type { RawImage } from "../vision/image/raw-image.js";
import type { FaceBox } from "./face-boxes.js";

export interface PixelateOptions {
  /** Added on every side, as a fraction of the box's width/height: BlazeFace boxes stop at the brow and chin. */
  margin?: number;
  /** Blocks across the longer side of an enlarged box; few enough that a face cannot be recognised. */
  blocks?: number;
}

/** A box grown by `margin` on every side, rounded outwards to whole pixels and clipped to the image. */
export function enlargeBox(box: FaceBox, margin: number, width: number, height: number): FaceBox {
  const [x1, y1, x2, y2] = box;
  const mx = (x2 - x1) * margin;
  const my = (y2 - y1) * margin;
  return [
    Math.max(0, Math.floor(x1 - mx)),
    Math.max(0, Math.floor(y1 - my)),
    Math.min(width, Math.ceil(x2 + mx)),
    Math.min(height, Math.ceil(y2 + my)),
  ];
}

/**
 * Replaces each (enlarged) box with coarse blocks of its mean colour, on a copy; pixels outside the
 * boxes are untouched. Block averaging destroys the detail a blur might leave recoverable, and on raw
 * RGB it needs no encode/decode round trip.
 */
export function pixelateBoxes(
  image: RawImage,
  boxes: readonly FaceBox[],
  opts: PixelateOptions = {},
): RawImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  const margin = opts.margin ?? 0.2;
  const blocks = Math.max(1, opts.blocks ?? 6);
  for (const box of boxes) {
    const [bx1, by1, bx2, by2] = enlargeBox(box, margin, width, height);
    if (bx2 <= bx1 || by2 <= by1) continue;
    const cell = Math.max(2, Math.ceil(Math.max(bx2 - bx1, by2 - by1) / blocks));
    for (let y0 = by1; y0 < by2; y0 += cell) {
      const y1 = Math.min(by2, y0 + cell);
      for (let x0 = bx1; x0 < bx2; x0 += cell) {
        fillMean(data, width, x0, y0, Math.min(bx2, x0 + cell), y1);
      }
    }
  }
  return { data, width, height };
}

function fillMean(data: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): void {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      r += data[i] ?? 0;
      g += data[i + 1] ?? 0;
      b += data[i + 2] ?? 0;
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  const mean = [Math.round(r / n), Math.round(g / n), Math.round(b / n)] as const;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      data[i] = mean[0];
      data[i + 1] = mean[1];
      data[i + 2] = mean[2];
    }
  }
}
