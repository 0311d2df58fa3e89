import { type PixelRect, pointInPolygon, type Vec } from "./geometry.js";

/** Packed RGB frame, as the capture pipeline and the detector use. */
export interface RgbFrame {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * A small grayscale thumbnail of a seat's bounding box. Comparing 32×32 thumbnails instead of full
 * crops makes motion and baseline checks cost microseconds and ignores sensor noise that a box
 * filter averages away. `mask` marks cells whose centre lies in the polygon, so movement beside a
 * concave seat (e.g. the neighbour's elbow in its notch) does not count.
 */
export interface GrayPatch {
  readonly size: number;
  readonly values: Float32Array;
  readonly mask: Uint8Array;
  readonly cells: number;
}

/** Box-filter downscale of `rect` to size×size luma cells (BT.601 weights). */
export function grayPatch(
  frame: RgbFrame,
  rect: PixelRect,
  polygon: readonly Vec[],
  size: number,
): GrayPatch {
  const values = new Float32Array(size * size);
  const mask = new Uint8Array(size * size);
  let cells = 0;
  if (rect.width <= 0 || rect.height <= 0) return { size, values, mask, cells };
  const { data, width } = frame;
  for (let cy = 0; cy < size; cy++) {
    const y0 = rect.y + Math.floor((cy * rect.height) / size);
    const y1 = Math.max(y0 + 1, rect.y + Math.floor(((cy + 1) * rect.height) / size));
    for (let cx = 0; cx < size; cx++) {
      const x0 = rect.x + Math.floor((cx * rect.width) / size);
      const x1 = Math.max(x0 + 1, rect.x + Math.floor(((cx + 1) * rect.width) / size));
      let sum = 0;
      let n = 0;
      // Sample at most 4×4 pixels per cell: enough to average noise, bounded cost on 4K frames.
      const sy = Math.max(1, Math.floor((y1 - y0) / 4));
      const sx = Math.max(1, Math.floor((x1 - x0) / 4));
      for (let y = y0; y < y1; y += sy) {
        for (let x = x0; x < x1; x += sx) {
          const i = (y * width + x) * 3;
          sum += 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
          n++;
        }
      }
      const k = cy * size + cx;
      values[k] = n > 0 ? sum / n : 0;
      const centre: Vec = [
        rect.x + ((cx + 0.5) * rect.width) / size,
        rect.y + ((cy + 0.5) * rect.height) / size,
      ];
      if (pointInPolygon(centre, polygon)) {
        mask[k] = 1;
        cells++;
      }
    }
  }
  return { size, values, mask, cells };
}

function sameShape(a: GrayPatch, b: GrayPatch): boolean {
  return a.size === b.size && a.cells === b.cells && a.cells > 0;
}

/** Mean absolute luma difference over the seat's cells, 0..1; 1 when the patches are incomparable. */
export function meanAbsDiff(a: GrayPatch, b: GrayPatch): number {
  if (!sameShape(a, b)) return 1;
  let sum = 0;
  for (let k = 0; k < a.values.length; k++) {
    if (a.mask[k]) sum += Math.abs((a.values[k] ?? 0) - (b.values[k] ?? 0));
  }
  return sum / a.cells / 255;
}

function maskedMean(p: GrayPatch): number {
  let sum = 0;
  for (let k = 0; k < p.values.length; k++) if (p.mask[k]) sum += p.values[k] ?? 0;
  return p.cells > 0 ? sum / p.cells : 0;
}

/**
 * Share of the seat's cells that differ by more than `delta` luma levels after removing each patch's
 * mean, 0..1. Mean removal makes a lamp switched on or a cloud passing (uniform brightness change)
 * read as "no change", while an object covering part of the seat still counts.
 */
export function changedFraction(a: GrayPatch, b: GrayPatch, delta: number): number {
  if (!sameShape(a, b)) return 1;
  const ma = maskedMean(a);
  const mb = maskedMean(b);
  let changed = 0;
  for (let k = 0; k < a.values.length; k++) {
    if (a.mask[k] && Math.abs((a.values[k] ?? 0) - ma - ((b.values[k] ?? 0) - mb)) > delta) changed++;
  }
  return changed / a.cells;
}

/** Exponential blend of `next` into `base`, used to follow slow lighting drift. */
export function blendPatch(base: GrayPatch, next: GrayPatch, alpha: number): GrayPatch {
  if (!sameShape(base, next)) return next;
  const values = new Float32Array(base.values.length);
  for (let k = 0; k < values.length; k++) {
    values[k] = (1 - alpha) * (base.values[k] ?? 0) + alpha * (next.values[k] ?? 0);
  }
  return { size: base.size, values, mask: base.mask, cells: base.cells };
}
