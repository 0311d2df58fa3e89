import { sampleRgb } from "@sitewatch/shared-protocol/face-mesh";
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
  // Top-left corner of the box along the chosen axes.
  const ox = rect.cx - (ux * length) / 2 - (vx * thickness) / 2;
  const oy = rect.cy - (uy * length) / 2 - (vy * thickness) / 2;
  return sampleAlong(image, { ox, oy, ux, uy, vx, vy, length, thickness }, outW, outH);
}

/**
 * The rotated rectangle resampled upright into `width`×`height` pixels, its width axis along the
 * output rows and never turned, for callers that lay out or measure regions themselves.
 */
export function cropRegion(image: RawImage, rect: RotatedRect, width: number, height: number): RawImage {
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const ox = rect.cx - (ux * rect.width) / 2 + (uy * rect.height) / 2;
  const oy = rect.cy - (uy * rect.width) / 2 - (ux * rect.height) / 2;
  const frame = { ox, oy, ux, uy, vx: -uy, vy: ux, length: rect.width, thickness: rect.height };
  return sampleAlong(image, frame, Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
}

interface SampleFrame {
  /** Top-left corner, reading axis (ux, uy) and line-height axis (vx, vy), lengths along each. */
  ox: number;
  oy: number;
  ux: number;
  uy: number;
  vx: number;
  vy: number;
  length: number;
  thickness: number;
}

function sampleAlong(image: RawImage, frame: SampleFrame, outW: number, outH: number): RawImage {
  const { ox, oy, ux, uy, vx, vy, length, thickness } = frame;
  const stepU = length / outW;
  const stepV = thickness / outH;
  const samples = Math.min(4, Math.max(1, Math.ceil(Math.max(stepU, stepV))));
  const out = new Uint8Array(outW * outH * 3);
  const rgb = [0, 0, 0];
  const weight = 1 / (samples * samples);
  // The shared bilinear sampler (border clamped like OpenCV's BORDER_REPLICATE); the agent's frames are packed RGB.
  const pixels = { data: image.data, width: image.width, height: image.height, channels: 3 as const };
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
          sampleRgb(pixels, ox + u * ux + v * vx - 0.5, oy + u * uy + v * vy - 0.5, rgb);
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
