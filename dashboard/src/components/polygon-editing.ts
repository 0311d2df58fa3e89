import type { Point } from "@sitewatch/shared-protocol";

/*
 * Editing normalised (0..1) polygons over a camera picture, whatever they mean to a role: seats on a
 * seat camera, the tracking zone of a gate camera. Pure functions, so the pages' reducers stay small.
 */

/** How close (normalised) a click must be to the first point to close the polygon. */
export const CLOSE_RADIUS = 0.02;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
// Four decimals is far finer than a pixel of any camera and keeps the stored JSON short.
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function clampPoint([x, y]: Point): Point {
  return [round(clamp01(x)), round(clamp01(y))];
}

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * A click while drawing: near the first point (with at least three points) closes the polygon,
 * anywhere else adds a point. `closed` tells the caller to turn the draft into a shape.
 */
export function addDraftPoint(draft: readonly Point[], p: Point, radius = CLOSE_RADIUS) {
  const first = draft[0];
  if (first && draft.length >= 3 && distance(first, p) <= radius) return { points: [...draft], closed: true };
  return { points: [...draft, clampPoint(p)], closed: false };
}

/** Enter closes the draft when it can be a polygon at all. */
export function canClose(draft: readonly Point[]): boolean {
  return draft.length >= 3;
}

export function moveVertex(polygon: readonly Point[], index: number, to: Point): Point[] {
  return polygon.map((p, i) => (i === index ? clampPoint(to) : p));
}

/** Translates the polygon by (dx, dy), stopping at the frame's edges so its shape never changes. */
export function movePolygon(polygon: readonly Point[], dx: number, dy: number): Point[] {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const ddx = Math.min(1 - Math.max(...xs), Math.max(-Math.min(...xs), dx));
  const ddy = Math.min(1 - Math.max(...ys), Math.max(-Math.min(...ys), dy));
  return polygon.map(([x, y]) => clampPoint([x + ddx, y + ddy]));
}

/** Where to write a label: the mean of the vertices is inside for the convex shapes drawn here usually. */
export function labelPoint(polygon: readonly Point[]): Point {
  const n = polygon.length || 1;
  return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
}

/** Fewer corners than this is no polygon (shared-protocol's polygonProblem refuses it). */
export const MIN_VERTICES = 3;

/** The middle of each edge (edge i runs from vertex i to the next): where a new corner can be added. */
export function edgeMidpoints(polygon: readonly Point[]): Point[] {
  return polygon.map((a, i) => {
    const b = polygon[(i + 1) % polygon.length] as Point;
    return clampPoint([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
  });
}

/** Splits edge `edge` at `at`: the new corner becomes vertex `edge + 1`, so the shape stays simple. */
export function insertVertex(polygon: readonly Point[], edge: number, at: Point, max = Infinity): Point[] {
  if (polygon.length >= max || edge < 0 || edge >= polygon.length) return [...polygon];
  return [...polygon.slice(0, edge + 1), clampPoint(at), ...polygon.slice(edge + 1)];
}

/** Drops one corner, unless that would leave fewer than three. */
export function removeVertex(polygon: readonly Point[], index: number): Point[] {
  if (polygon.length <= MIN_VERTICES) return [...polygon];
  return polygon.filter((_, i) => i !== index);
}
