import type { Seat } from "@sitewatch/hub/api-types";
import { type Point, polygonProblem, seatIdSchema } from "@sitewatch/shared-protocol";

/** A seat as the editor holds it: `originalId` is the id stored at the hub (undefined for a new seat). */
export interface EditorSeat {
  key: string;
  id: string;
  originalId?: string;
  device: string;
  camera: string;
  polygon: Point[];
}

export type SeatProblems = { name?: string; polygon?: string };

/** How close (normalised) a click must be to the first point to close the polygon. */
export const CLOSE_RADIUS = 0.02;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
// Four decimals is far finer than a pixel of any camera and keeps the stored JSON short.
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function clampPoint([x, y]: Point): Point {
  return [round(clamp01(x)), round(clamp01(y))];
}

export function fromSeat(seat: Seat): EditorSeat {
  return {
    key: seat.id,
    id: seat.id,
    originalId: seat.id,
    device: seat.device,
    camera: seat.camera,
    polygon: seat.polygon.map(([x, y]) => [x, y] as Point),
  };
}

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * A click while drawing: near the first point (with at least three points) closes the polygon,
 * anywhere else adds a point. `closed` tells the caller to turn the draft into a seat.
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

/** Where to write the name: the mean of the vertices is inside for the convex shapes seats usually are. */
export function labelPoint(polygon: readonly Point[]): Point {
  const n = polygon.length || 1;
  return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
}

/**
 * What is wrong with one seat before it is sent: the same id rule and polygon check the hub applies,
 * plus a name used twice in the editor (ids are unique per site; other cameras' seats count too).
 */
export function seatProblems(seat: EditorSeat, others: readonly { id: string }[]): SeatProblems {
  const problems: SeatProblems = {};
  const name = seatIdSchema.safeParse(seat.id);
  if (!seat.id) problems.name = "required";
  else if (!name.success) problems.name = name.error.issues[0]?.message ?? "invalid";
  else if (others.some((o) => o.id === seat.id)) problems.name = "duplicate";
  const polygon = polygonProblem(seat.polygon);
  if (polygon) problems.polygon = polygon;
  return problems;
}

export const hasProblems = (p: SeatProblems) => Boolean(p.name || p.polygon);

export interface SavePlan {
  create: EditorSeat[];
  update: EditorSeat[];
  /** Stored ids to delete: removed seats, and the old id of a renamed seat (ids cannot change). */
  remove: { id: string; device: string }[];
}

const samePolygon = (a: readonly Point[], b: readonly Point[]) =>
  a.length === b.length && a.every((p, i) => p[0] === b[i]?.[0] && p[1] === b[i]?.[1]);

/** The REST calls that turn `original` (as loaded) into `edited`; unchanged seats make none. */
export function planSave(original: readonly EditorSeat[], edited: readonly EditorSeat[]): SavePlan {
  const plan: SavePlan = { create: [], update: [], remove: [] };
  const before = new Map(original.map((s) => [s.originalId ?? s.id, s]));
  const kept = new Set<string>();
  for (const seat of edited) {
    const old = seat.originalId ? before.get(seat.originalId) : undefined;
    if (!old) plan.create.push(seat);
    else if (old.id !== seat.id) {
      plan.create.push(seat);
    } else {
      kept.add(old.id);
      if (!samePolygon(old.polygon, seat.polygon)) plan.update.push(seat);
    }
  }
  for (const old of original) if (!kept.has(old.id)) plan.remove.push({ id: old.id, device: old.device });
  return plan;
}

export const planSize = (plan: SavePlan) => plan.create.length + plan.update.length + plan.remove.length;
