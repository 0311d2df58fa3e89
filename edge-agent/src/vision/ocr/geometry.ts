/** Plane geometry for text boxes: convex hull, minimum-area rectangle, corner ordering. */
export type Point = readonly [number, number];
/** Corners in reading order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/**
 * A rotated rectangle. `angle` (radians, in (-π/4, π/4]) is the direction of the `width` axis,
 * so the width axis is the one nearest to horizontal; image y grows downwards.
 */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

const cross = (o: Point, a: Point, b: Point): number =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain; returns the hull counter-clockwise (in y-up terms) without repeats. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const half = (pts: Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of pts) {
      while (out.length >= 2 && cross(out[out.length - 2] as Point, out[out.length - 1] as Point, p) <= 0) {
        out.pop();
      }
      out.push(p);
    }
    out.pop();
    return out;
  };
  const lower = half(sorted);
  const upper = half(sorted.reverse());
  return [...lower, ...upper];
}

/**
 * Minimum-area enclosing rectangle. One side of the optimum lies along a hull edge (rotating
 * calipers), so trying each edge direction is exact; hulls of text blobs have few vertices.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) throw new Error("minAreaRect of no points");
  let best: RotatedRect | undefined;
  let bestArea = Number.POSITIVE_INFINITY;
  const directions =
    hull.length < 2 ? [0] : hull.map((p, i) => edgeAngle(p, hull[(i + 1) % hull.length] as Point));
  for (const theta of directions) {
    const rect = boundingRectAlong(hull, theta);
    const area = rect.width * rect.height;
    if (area < bestArea - 1e-9) {
      bestArea = area;
      best = rect;
    }
  }
  return normalizeRect(best as RotatedRect);
}

function edgeAngle(a: Point, b: Point): number {
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}

/** Tightest rectangle whose width axis points along `theta`. */
function boundingRectAlong(points: readonly Point[], theta: number): RotatedRect {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let minV = Number.POSITIVE_INFINITY;
  let maxV = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    const u = x * c + y * s;
    const v = -x * s + y * c;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const mu = (minU + maxU) / 2;
  const mv = (minV + maxV) / 2;
  return { cx: mu * c - mv * s, cy: mu * s + mv * c, width: maxU - minU, height: maxV - minV, angle: theta };
}

/** Rotates the description by quarter turns until the width axis is the one nearest horizontal. */
export function normalizeRect(rect: RotatedRect): RotatedRect {
  let { width, height, angle } = rect;
  const quarter = Math.PI / 2;
  while (angle > Math.PI / 4 + 1e-9) {
    angle -= quarter;
    [width, height] = [height, width];
  }
  while (angle <= -Math.PI / 4 + 1e-9) {
    angle += quarter;
    [width, height] = [height, width];
  }
  return { cx: rect.cx, cy: rect.cy, width, height, angle };
}

/** Corners as [tl, tr, br, bl] relative to the rectangle's own width/height axes. */
export function rectCorners(rect: RotatedRect): Quad {
  const ux = (Math.cos(rect.angle) * rect.width) / 2;
  const uy = (Math.sin(rect.angle) * rect.width) / 2;
  const vx = (-Math.sin(rect.angle) * rect.height) / 2;
  const vy = (Math.cos(rect.angle) * rect.height) / 2;
  const { cx, cy } = rect;
  return [
    [cx - ux - vx, cy - uy - vy],
    [cx + ux - vx, cy + uy - vy],
    [cx + ux + vx, cy + uy + vy],
    [cx - ux + vx, cy - uy + vy],
  ];
}

/** DB "unclip": grow the shrunk text kernel back by area·ratio/perimeter on every side. */
export function unclipRect(rect: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (rect.width + rect.height);
  const d = perimeter > 0 ? (rect.width * rect.height * ratio) / perimeter : 0;
  return { ...rect, width: rect.width + 2 * d, height: rect.height + 2 * d };
}

/**
 * Reading order: lines top to bottom, boxes left to right within a line. A box joins a line when
 * its centre lies within half a box height of the axis of the line's nearest box, measured along
 * that box's own angle, so the words of a skewed line stay together even though they sit at
 * different image heights.
 */
export function sortReadingOrder<T extends { rect: RotatedRect }>(items: readonly T[]): T[] {
  const lines: T[][] = [];
  for (const item of [...items].sort((a, b) => a.rect.cy - b.rect.cy || a.rect.cx - b.rect.cx)) {
    const line = lines.find((members) => {
      const nearest = members.reduce((a, b) =>
        Math.abs(b.rect.cx - item.rect.cx) < Math.abs(a.rect.cx - item.rect.cx) ? b : a,
      );
      return offAxis(nearest.rect, item.rect) < Math.min(nearest.rect.height, item.rect.height) / 2;
    });
    if (line) line.push(item);
    else lines.push([item]);
  }
  // Compare lines where they cross one common vertical, so skew does not reorder them.
  const x = items.reduce((sum, item) => sum + item.rect.cx, 0) / Math.max(1, items.length);
  const axisY = (rect: RotatedRect) => rect.cy + Math.tan(rect.angle) * (x - rect.cx);
  return lines
    .map((members) => ({ members, y: axisY((members[0] as T).rect) }))
    .sort((a, b) => a.y - b.y)
    .flatMap(({ members }) => members.sort((a, b) => a.rect.cx - b.rect.cx));
}

/** Distance of `other`'s centre from the line through `rect`'s centre along its width axis. */
function offAxis(rect: RotatedRect, other: RotatedRect): number {
  const dx = other.cx - rect.cx;
  const dy = other.cy - rect.cy;
  return Math.abs(dy * Math.cos(rect.angle) - dx * Math.sin(rect.angle));
}
