import type { CropWindow } from "./face-crop.js";

export type Point3 = [number, number, number];

export interface MeshWindowOptions {
  /** Side of the square crop relative to the longer side of the detector box. */
  readonly scale: number;
  /** Level the eyes before the mesh model sees the face (it was trained on upright faces). */
  readonly rotate: boolean;
  readonly outSize: number;
}

/**
 * The square window the mesh model reads: centred on the detector box, enlarged so forehead and
 * chin are inside (the detector box is tight around eyes-to-mouth), and optionally rotated so the
 * line from the right eye to the left eye (detector keypoints 0 and 1) is horizontal.
 */
export function meshWindow(
  box: readonly [number, number, number, number],
  keypoints: readonly (readonly [number, number])[],
  opts: MeshWindowOptions,
): CropWindow {
  const [x1, y1, x2, y2] = box;
  const size = Math.max(x2 - x1, y2 - y1) * opts.scale;
  const right = keypoints[0];
  const left = keypoints[1];
  const angle = opts.rotate && right && left ? Math.atan2(left[1] - right[1], left[0] - right[0]) : 0;
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, size, angle, outSize: opts.outSize };
}

/**
 * Maps the mesh output ([x, y, z] per landmark in crop pixels) back to source pixels. z is depth
 * relative to the face centre in the same crop units, so it gets the same scale as x and y.
 */
export function meshToSource(raw: Float32Array, w: CropWindow, count: number): Point3[] {
  const k = w.size / w.outSize;
  const cos = Math.cos(w.angle);
  const sin = Math.sin(w.angle);
  const points: Point3[] = [];
  for (let i = 0; i < count; i++) {
    const lx = ((raw[i * 3] ?? 0) - w.outSize / 2) * k;
    const ly = ((raw[i * 3 + 1] ?? 0) - w.outSize / 2) * k;
    points.push([w.cx + lx * cos - ly * sin, w.cy + lx * sin + ly * cos, (raw[i * 3 + 2] ?? 0) * k]);
  }
  return points;
}

/** Axis-aligned bounds of a point set, [x1, y1, x2, y2]. */
export function pointBounds(points: readonly Point3[]): [number, number, number, number] {
  let x1 = Number.POSITIVE_INFINITY;
  let y1 = Number.POSITIVE_INFINITY;
  let x2 = Number.NEGATIVE_INFINITY;
  let y2 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
  }
  return [x1, y1, x2, y2];
}
