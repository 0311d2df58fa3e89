import { minAreaRect, type Point, type RotatedRect, unclipRect } from "./geometry.js";

/**
 * Differentiable-Binarization post-processing: the det model outputs a per-pixel "text kernel"
 * probability; text lines are the connected regions above `threshold`, each boxed by its minimum
 * area rectangle, kept when the mean probability inside is high enough, then grown back ("unclip")
 * because the model was trained to predict shrunk kernels.
 */
export interface DbOptions {
  /** Binarisation threshold on the probability map. */
  threshold: number;
  /** Minimum mean probability inside a candidate box. */
  boxThreshold: number;
  /** Unclip distance = area · ratio / perimeter. */
  unclipRatio: number;
  /** Candidates whose short side is below this (map pixels) are noise. */
  minSize: number;
  maxCandidates: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
};

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

export interface DbBox {
  /** Unclipped box in map coordinates, where pixel (i, j) covers [i, i+1)×[j, j+1). */
  rect: RotatedRect;
  score: number;
}

/** Extracts text boxes from a probability map (in map pixel coordinates). */
export function extractDbBoxes(map: ProbabilityMap, options: Partial<DbOptions> = {}): DbBox[] {
  const opts = { ...DEFAULT_DB_OPTIONS, ...options };
  const boxes: DbBox[] = [];
  for (const pixels of connectedComponents(map, opts.threshold)) {
    if (boxes.length >= opts.maxCandidates) break;
    // Pixel centres, as a contour tracer would report them.
    const rect = minAreaRect(pixels);
    if (Math.min(rect.width, rect.height) < opts.minSize) continue;
    const score = meanInside(map, rect);
    if (score < opts.boxThreshold) continue;
    const grown = unclipRect(rect, opts.unclipRatio);
    if (Math.min(grown.width, grown.height) < opts.minSize + 2) continue;
    boxes.push({ rect: { ...grown, cx: grown.cx + 0.5, cy: grown.cy + 0.5 }, score });
  }
  return boxes;
}

/**
 * 8-connected components of the thresholded map. Only each row's leftmost and rightmost pixel is
 * returned: the convex hull (and so the minimum-area rectangle) of a blob depends on nothing else.
 */
export function connectedComponents(map: ProbabilityMap, threshold: number): Point[][] {
  const { data, width, height } = map;
  const visited = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height).fill(-1);
  const components: Point[][] = [];
  for (let start = 0; start < data.length; start++) {
    if (visited[start] || (data[start] as number) <= threshold) continue;
    visited[start] = 1;
    let top = 0;
    stack[top++] = start;
    let yMin = height;
    let yMax = -1;
    while (top > 0) {
      const idx = stack[--top] as number;
      const x = idx % width;
      const y = (idx - x) / width;
      if (rowMax[y] === -1) {
        rowMin[y] = x;
        rowMax[y] = x;
      } else {
        if (x < (rowMin[y] as number)) rowMin[y] = x;
        if (x > (rowMax[y] as number)) rowMax[y] = x;
      }
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const n = ny * width + nx;
          if (visited[n] || (data[n] as number) <= threshold) continue;
          visited[n] = 1;
          stack[top++] = n;
        }
      }
    }
    const points: Point[] = [];
    for (let y = yMin; y <= yMax; y++) {
      points.push([rowMin[y] as number, y]);
      if (rowMax[y] !== rowMin[y]) points.push([rowMax[y] as number, y]);
      rowMax[y] = -1;
    }
    components.push(points);
  }
  return components;
}

/** Mean probability over pixel centres inside the rectangle (in pixel-centre coordinates). */
function meanInside(map: ProbabilityMap, rect: RotatedRect): number {
  const c = Math.abs(Math.cos(rect.angle));
  const s = Math.abs(Math.sin(rect.angle));
  const halfW = (rect.width * c + rect.height * s) / 2;
  const halfH = (rect.width * s + rect.height * c) / 2;
  const x0 = Math.max(0, Math.floor(rect.cx - halfW));
  const x1 = Math.min(map.width - 1, Math.ceil(rect.cx + halfW));
  const y0 = Math.max(0, Math.floor(rect.cy - halfH));
  const y1 = Math.min(map.height - 1, Math.ceil(rect.cy + halfH));
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const limU = rect.width / 2 + 1e-6;
  const limV = rect.height / 2 + 1e-6;
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - rect.cx;
      const dy = y - rect.cy;
      if (Math.abs(dx * cos + dy * sin) > limU || Math.abs(dy * cos - dx * sin) > limV) continue;
      sum += map.data[y * map.width + x] as number;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}
