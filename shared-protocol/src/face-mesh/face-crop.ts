import { type PixelImage, sampleRgb } from "./pixel-image.js";

/**
 * A square, possibly rotated window of the source image that is resampled to `outSize`×`outSize`.
 * Continuous coordinates: pixel i covers [i, i+1), so the crop and the mapping back agree exactly.
 */
export interface CropWindow {
  /** Window centre in source pixels. */
  readonly cx: number;
  readonly cy: number;
  /** Side length in source pixels. */
  readonly size: number;
  /** Rotation of the window's x axis in the source, radians (y down, so positive is clockwise). */
  readonly angle: number;
  readonly outSize: number;
}

/** How a model wants its input tensor: value = pixel * scale + offset, channels last or first. */
export interface TensorFormat {
  readonly scale: number;
  readonly offset: number;
  readonly layout: "nhwc" | "nchw";
}

/** Maps a point in crop pixels (0..outSize) back to source pixels. */
export function cropToSource(w: CropWindow, u: number, v: number): [number, number] {
  const k = w.size / w.outSize;
  const lx = (u - w.outSize / 2) * k;
  const ly = (v - w.outSize / 2) * k;
  const cos = Math.cos(w.angle);
  const sin = Math.sin(w.angle);
  return [w.cx + lx * cos - ly * sin, w.cy + lx * sin + ly * cos];
}

/**
 * Bilinear resampling of the window into `out` (length outSize² × 3), already normalised for the
 * model. Samples outside the image read as black, as TF's crop-and-resize does, so faces at the
 * frame edge keep their position inside the crop.
 */
export function sampleWindow(image: PixelImage, w: CropWindow, fmt: TensorFormat, out: Float32Array): void {
  const n = w.outSize;
  const plane = n * n;
  const k = w.size / n;
  const cos = Math.cos(w.angle);
  const sin = Math.sin(w.angle);
  // Source position of crop pixel (0,0)'s centre, then per-step increments along u and v.
  const l0 = (0.5 - n / 2) * k;
  const x0 = w.cx + l0 * cos - l0 * sin - 0.5;
  const y0 = w.cy + l0 * sin + l0 * cos - 0.5;
  const dxu = k * cos;
  const dyu = k * sin;
  const dxv = -k * sin;
  const dyv = k * cos;
  // Channel c of crop pixel p goes to out[p * pixelStride + c * channelStride].
  const pixelStride = fmt.layout === "nhwc" ? 3 : 1;
  const channelStride = fmt.layout === "nhwc" ? 1 : plane;
  const target = { out, at: 0, channelStride, scale: fmt.scale, offset: fmt.offset };
  for (let v = 0; v < n; v++) {
    let sx = x0 + v * dxv;
    let sy = y0 + v * dyv;
    for (let u = 0; u < n; u++, sx += dxu, sy += dyu) {
      target.at = (v * n + u) * pixelStride;
      bilinear(image, sx, sy, target);
    }
  }
}

interface Target {
  out: Float32Array;
  at: number;
  channelStride: number;
  scale: number;
  offset: number;
}

const sample = [0, 0, 0];

function bilinear(image: PixelImage, x: number, y: number, t: Target): void {
  // Beyond half a pixel outside the image is black; within it, the edge pixel is repeated.
  if (x < -0.5 || y < -0.5 || x > image.width - 0.5 || y > image.height - 0.5) {
    for (let ch = 0; ch < 3; ch++) t.out[t.at + ch * t.channelStride] = t.offset;
    return;
  }
  sampleRgb(image, x, y, sample);
  for (let ch = 0; ch < 3; ch++)
    t.out[t.at + ch * t.channelStride] = (sample[ch] as number) * t.scale + t.offset;
}
