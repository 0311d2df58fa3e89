import type { RawImage } from "../image/raw-image.js";

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
export function sampleWindow(image: RawImage, w: CropWindow, fmt: TensorFormat, out: Float32Array): void {
  const { data, width, height } = image;
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
      bilinear(data, width, height, sx, sy, target);
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

function bilinear(data: Uint8Array, w: number, h: number, x: number, y: number, t: Target): void {
  // Beyond half a pixel outside the image is black; within it, the edge pixel is repeated.
  if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
    for (let ch = 0; ch < 3; ch++) t.out[t.at + ch * t.channelStride] = t.offset;
    return;
  }
  const cx = Math.min(Math.max(x, 0), w - 1);
  const cy = Math.min(Math.max(y, 0), h - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const a = (y0 * w + x0) * 3;
  const b = (y0 * w + x1) * 3;
  const c = (y1 * w + x0) * 3;
  const d = (y1 * w + x1) * 3;
  for (let ch = 0; ch < 3; ch++) {
    const top = (data[a + ch] ?? 0) * (1 - fx) + (data[b + ch] ?? 0) * fx;
    const bottom = (data[c + ch] ?? 0) * (1 - fx) + (data[d + ch] ?? 0) * fx;
    t.out[t.at + ch * t.channelStride] = (top * (1 - fy) + bottom * fy) * t.scale + t.offset;
  }
}
