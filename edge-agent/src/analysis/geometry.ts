/**
 * Pixel-space geometry for region polygons (seats, lanes). They arrive normalised (0..1) so they survive
 * resolution changes; detections arrive in source pixels, so everything is converted to pixels once per
 * frame size.
 */
export type Vec = readonly [x: number, y: number];
export type PixelBox = readonly [x1: number, y1: number, x2: number, y2: number];

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function toPixels(polygon: readonly Vec[], width: number, height: number): Vec[] {
  return polygon.map(([x, y]) => [x * width, y * height] as const);
}

/** Even-odd ray casting: correct for concave polygons, which hand-drawn seat outlines often are. */
export function pointInPolygon(p: Vec, polygon: readonly Vec[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[i] as Vec;
    const [bx, by] = polygon[j] as Vec;
    if (ay > p[1] !== by > p[1] && p[0] < ((bx - ax) * (p[1] - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

export function polygonArea(polygon: readonly Vec[]): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [ax, ay] = polygon[i] as Vec;
    const [bx, by] = polygon[(i + 1) % polygon.length] as Vec;
    twice += ax * by - bx * ay;
  }
  return Math.abs(twice) / 2;
}

/** Integer pixel rectangle covering the polygon, clamped to the frame (may be empty off-frame). */
export function polygonBounds(polygon: readonly Vec[], width: number, height: number): PixelRect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const x = Math.max(0, Math.floor(minX));
  const y = Math.max(0, Math.floor(minY));
  return {
    x,
    y,
    width: Math.max(0, Math.min(width, Math.ceil(maxX)) - x),
    height: Math.max(0, Math.min(height, Math.ceil(maxY)) - y),
  };
}

type Edge = (p: Vec) => number;

/** One Sutherland–Hodgman pass: keeps the part of `poly` where `side(p) >= 0` (a half-plane). */
function clipHalfPlane(poly: readonly Vec[], side: Edge): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Vec;
    const b = poly[(i + 1) % poly.length] as Vec;
    const sa = side(a);
    const sb = side(b);
    if (sa >= 0) out.push(a);
    if (sa >= 0 !== sb >= 0) {
      const t = sa / (sa - sb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/**
 * Area of box ∩ polygon. Clipping a (possibly concave) subject against a convex window such as a box
 * can leave zero-width bridges along the window edges, but those add no area, so the area is exact.
 */
export function boxPolygonIntersection(box: PixelBox, polygon: readonly Vec[]): number {
  const [x1, y1, x2, y2] = box;
  if (!(x2 > x1 && y2 > y1)) return 0;
  let poly: Vec[] = [...polygon];
  const sides: Edge[] = [(p) => p[0] - x1, (p) => x2 - p[0], (p) => p[1] - y1, (p) => y2 - p[1]];
  for (const side of sides) {
    if (poly.length < 3) return 0;
    poly = clipHalfPlane(poly, side);
  }
  return poly.length < 3 ? 0 : polygonArea(poly);
}

export interface Overlap {
  /** Share of the box that lies inside the polygon (a bag on the seat ≈ 1). */
  ofBox: number;
  /** Share of the polygon covered by the box (a large person box over a small seat ≈ 1). */
  ofPolygon: number;
}

export function boxPolygonOverlap(box: PixelBox, polygon: readonly Vec[]): Overlap {
  const inter = boxPolygonIntersection(box, polygon);
  const boxArea = Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
  const polyArea = polygonArea(polygon);
  return {
    ofBox: boxArea > 0 ? Math.min(1, inter / boxArea) : 0,
    ofPolygon: polyArea > 0 ? Math.min(1, inter / polyArea) : 0,
  };
}

/** Where a seated person's box touches the seat: the middle of its bottom edge. */
export function bottomCentre(box: PixelBox): Vec {
  return [(box[0] + box[2]) / 2, box[3]];
}
