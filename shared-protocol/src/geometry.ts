import type { Point } from "./envelope.js";

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function onSegment(p: Point, q: Point, r: Point): boolean {
  return (
    Math.min(p[0], r[0]) <= q[0] &&
    q[0] <= Math.max(p[0], r[0]) &&
    Math.min(p[1], r[1]) <= q[1] &&
    q[1] <= Math.max(p[1], r[1])
  );
}

/** True when segments p1-p2 and p3-p4 touch or cross, collinear overlaps included. */
export function segmentsIntersect(p1: Point, p2: Point, p3: Point, p4: Point): boolean {
  const d1 = cross(p3, p4, p1);
  const d2 = cross(p3, p4, p2);
  const d3 = cross(p1, p2, p3);
  const d4 = cross(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(p3, p1, p4)) return true;
  if (d2 === 0 && onSegment(p3, p2, p4)) return true;
  if (d3 === 0 && onSegment(p1, p3, p2)) return true;
  if (d4 === 0 && onSegment(p1, p4, p2)) return true;
  return false;
}

export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(twice) / 2;
}

/**
 * Why a seat polygon is unusable, or null when it is fine. Coordinates are normalised (0..1), so
 * "inside the frame" is a range check; a polygon whose edges cross would make point-in-seat tests
 * ambiguous, and a near-zero area usually means a mis-click in the editor.
 */
export function polygonProblem(points: readonly Point[]): string | null {
  if (points.length < 3) return "a polygon needs at least 3 points";
  for (const [x, y] of points) {
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return "every point must lie inside the frame (0..1)";
  }
  const n = points.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Adjacent edges share a vertex by construction; only non-adjacent edges may not touch.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const a1 = points[i] as Point;
      const a2 = points[(i + 1) % n] as Point;
      const b1 = points[j] as Point;
      const b2 = points[(j + 1) % n] as Point;
      if (segmentsIntersect(a1, a2, b1, b2)) return `edges ${i + 1} and ${j + 1} intersect`;
    }
  }
  if (polygonArea(points) < 1e-5) return "the polygon has (almost) no area";
  return null;
}

/** Ray-casting point-in-polygon test. */
export function pointInPolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}
