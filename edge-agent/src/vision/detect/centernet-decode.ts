import type { Candidate } from "./detector.js";
import type { ResolvedOptions } from "./postprocess.js";

/** A float output as onnxruntime returns it. */
export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Peaks kept per frame before NMS; the TF graph's own top-k uses 100, real scenes need far fewer. */
const MAX_PEAKS = 500;

/** Sizes and element strides of a [1, H, W, C] (TF, channels last) or [1, C, H, W] map. */
interface MapLayout {
  height: number;
  width: number;
  sy: number;
  sx: number;
  sc: number;
}

function mapLayout(t: FloatTensor, channels: number, what: string): MapLayout {
  const [n, a, b, c] = t.dims;
  if (t.dims.length === 4 && n === 1 && a !== undefined && b !== undefined && c !== undefined) {
    if (c === channels) return { height: a, width: b, sy: b * c, sx: c, sc: 1 };
    if (a === channels) return { height: b, width: c, sy: c, sx: 1, sc: b * c };
  }
  throw new Error(
    `centernet ${what} must be [1, H, W, ${channels}] or [1, ${channels}, H, W], got [${t.dims}]`,
  );
}

/**
 * Decodes centernet's dense heads. `heatmap` holds per-class centre probabilities (already
 * sigmoid) on a grid `stride` input pixels apart; `sizes` holds, per cell, the distances from the
 * cell to the box's left, top, right and bottom edges in input pixels. An object is a local maximum
 * of its class map (3×3 neighbourhood, as the model's max-pool peak test) above the threshold.
 */
export function decodeCenternetHeatmaps(
  heatmap: FloatTensor,
  sizes: FloatTensor,
  classes: number,
  stride: number,
  opts: ResolvedOptions,
): Candidate[] {
  const L = mapLayout(heatmap, classes, "heatmap");
  const S = mapLayout(sizes, 4, "box sizes");
  if (S.height !== L.height || S.width !== L.width) {
    throw new Error(`centernet heatmap ${L.width}x${L.height} and box sizes ${S.width}x${S.height} differ`);
  }
  const h = heatmap.data;
  const s = sizes.data;
  const total = L.height * L.width * classes;
  if (h.length < total || s.length < L.height * L.width * 4)
    throw new Error("centernet outputs are truncated");
  const threshold = Math.max(opts.scoreThreshold, Number.MIN_VALUE);
  const out: Candidate[] = [];
  // One linear pass over memory whatever the layout; only the rare values above the threshold pay
  // for coordinates and the neighbourhood test.
  for (let i = 0; i < total; i++) {
    const v = h[i] as number;
    if (!(v >= threshold)) continue;
    const c = Math.floor(i / L.sc) % classes;
    if (opts.allowed && !opts.allowed.has(c)) continue;
    const y = Math.floor(i / L.sy) % L.height;
    const x = Math.floor(i / L.sx) % L.width;
    if (!isPeak(h, L, i, y, x, v)) continue;
    const o = y * S.sy + x * S.sx;
    const cx = x * stride;
    const cy = y * stride;
    const box: Candidate["box"] = [
      cx - (s[o] as number),
      cy - (s[o + S.sc] as number),
      cx + (s[o + 2 * S.sc] as number),
      cy + (s[o + 3 * S.sc] as number),
    ];
    out.push({ classId: c, score: v, box });
  }
  return out.length > MAX_PEAKS ? out.sort((a, b) => b.score - a.score).slice(0, MAX_PEAKS) : out;
}

/** True when no 3×3 neighbour (inside the map) is larger; equal neighbours count, as in the model. */
function isPeak(h: Float32Array, L: MapLayout, i: number, y: number, x: number, v: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    if (y + dy < 0 || y + dy >= L.height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      if (x + dx < 0 || x + dx >= L.width || (dx === 0 && dy === 0)) continue;
      if ((h[i + dy * L.sy + dx * L.sx] as number) > v) return false;
    }
  }
  return true;
}

/**
 * Decodes the graph's own post-processed output, [1, K, 6] rows of x1, y1, x2, y2 (input pixels),
 * score, class id — used when a model only exposes that head.
 */
export function decodeCenternetDetections(det: FloatTensor, opts: ResolvedOptions): Candidate[] {
  const [n, rows, cols] = det.dims;
  if (det.dims.length !== 3 || n !== 1 || cols !== 6 || rows === undefined) {
    throw new Error(`centernet detections must be [1, K, 6], got [${det.dims}]`);
  }
  const d = det.data;
  const out: Candidate[] = [];
  for (let r = 0; r < rows; r++) {
    const o = r * 6;
    const score = d[o + 4] as number;
    const classId = d[o + 5] as number;
    if (!(score >= opts.scoreThreshold) || !Number.isInteger(classId) || classId < 0) continue;
    if (opts.allowed && !opts.allowed.has(classId)) continue;
    out.push({
      classId,
      score,
      box: [d[o] as number, d[o + 1] as number, d[o + 2] as number, d[o + 3] as number],
    });
  }
  return out;
}
