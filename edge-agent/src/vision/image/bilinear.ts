import type { RawImage } from "./raw-image.js";

/**
 * Bilinear RGB sample at pixel-index coordinates (pixel centres at integers), clamping to the border
 * like OpenCV's BORDER_REPLICATE. Writes the three channels to out[0..2]. Used by the rotated crops
 * (face mesh, OCR lines) that sharp's axis-aligned resize cannot produce.
 */
export function sampleRgb(image: RawImage, x: number, y: number, out: number[] | Float32Array): void {
  const { data, width, height } = image;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const i00 = (y0 * width + x0) * 3;
  const i10 = (y0 * width + x1) * 3;
  const i01 = (y1 * width + x0) * 3;
  const i11 = (y1 * width + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = (data[i00 + c] as number) * (1 - fx) + (data[i10 + c] as number) * fx;
    const bottom = (data[i01 + c] as number) * (1 - fx) + (data[i11 + c] as number) * fx;
    out[c] = top * (1 - fy) + bottom * fy;
  }
}
