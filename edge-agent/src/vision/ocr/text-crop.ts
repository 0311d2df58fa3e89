import type { RawImage } from "../image/raw-image.js";
import type { RotatedRect } from "./geometry.js";

/**
 * Cuts a text line out of the frame straightened and scaled to the recogniser's height in one
 * affine resampling pass: each output pixel maps to a point of the rotated box, so skewed lines come
 * out level without rotating the whole frame. When the box is much taller than the output, several
 * samples per pixel are averaged so thin strokes survive the downscale.
 */
export interface CropOptions {
  height: number;
  /** Widest crop produced; longer lines are squeezed rather than truncated. */
  maxWidth: number;
  /** Boxes at least this much taller than wide are read as vertical text (turned a quarter left). */
  verticalRatio: number;
}

export const DEFAULT_CROP: CropOptions = { height: 48, maxWidth: 48 * 40, verticalRatio: 1.5 };

export function cropTextLine(
  image: RawImage,
  rect: RotatedRect,
  options: Partial<CropOptions> = {},
): RawImage {
  const opts = { ...DEFAULT_CROP, ...options };
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  // Reading axis (ux, uy) and line-height axis (vx, vy) in source pixels, with their lengths.
  let ux = cos;
  let uy = sin;
  let vx = -sin;
  let vy = cos;
  let length = rect.width;
  let thickness = rect.height;
  if (rect.height >= rect.width * opts.verticalRatio) {
    // Turn the crop a quarter counter-clockwise: it reads downwards, its top is the box's right side.
    [ux, uy, vx, vy] = [vx, vy, -ux, -uy];
    [length, thickness] = [thickness, length];
  }
  const outH = opts.height;
  const outW = Math.max(1, Math.min(opts.maxWidth, Math.round((outH * length) / Math.max(thickness, 1e-3))));
  const stepU = length / outW;
  const stepV = thickness / outH;
  const samples = Math.min(4, Math.max(1, Math.ceil(Math.max(stepU, stepV))));
  // Top-left corner of the box along the chosen axes.
  const ox = rect.cx - (ux * length) / 2 - (vx * thickness) / 2;
  const oy = rect.cy - (uy * length) / 2 - (vy * thickness) / 2;
  const out = new Uint8Array(outW * outH * 3);
  const rgb = [0, 0, 0];
  const weight = 1 / (samples * samples);
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sj = 0; sj < samples; sj++) {
        const v = (j + (sj + 0.5) / samples) * stepV;
        for (let si = 0; si < samples; si++) {
          const u = (i + (si + 0.5) / samples) * stepU;
          // Continuous source coordinates; pixel centres sit at +0.5.
          bilinear(image, ox + u * ux + v * vx - 0.5, oy + u * uy + v * vy - 0.5, rgb);
          r += rgb[0] as number;
          g += rgb[1] as number;
          b += rgb[2] as number;
        }
      }
      const o = (j * outW + i) * 3;
      out[o] = Math.round(r * weight);
      out[o + 1] = Math.round(g * weight);
      out[o + 2] = Math.round(b * weight);
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Bilinear sample at pixel-index coordinates, clamping to the border (like BORDER_REPLICATE). */
function bilinear(image: RawImage, x: number, y: number, out: number[]): void {
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
