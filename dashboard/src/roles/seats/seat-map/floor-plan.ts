import { centroid, type SeatEntry } from "./seat-store.js";

export interface PlanPoint {
  x: number;
  y: number;
}

/** A position on the floor plan, kept inside it: the hub takes 0..1 only. */
export const clampPoint = (p: PlanPoint): PlanPoint => ({
  x: Math.min(1, Math.max(0, p.x)),
  y: Math.min(1, Math.max(0, p.y)),
});

/** Arrow keys move a focused tile by a small step, with Shift by a bigger one. */
const STEP = 0.01;
const BIG_STEP = 0.05;
const KEY_DIRECTIONS: Record<string, PlanPoint> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

/** Where an arrow key moves a tile from `from`; undefined for any other key. */
export function keyMove(from: PlanPoint, key: string, big: boolean): PlanPoint | undefined {
  const d = KEY_DIRECTIONS[key];
  if (!d) return undefined;
  const step = big ? BIG_STEP : STEP;
  return clampPoint({ x: from.x + d.x * step, y: from.y + d.y * step });
}

/** The plan position under a pointer, from the plan's box on screen. */
export function pointerPoint(
  clientX: number,
  clientY: number,
  box: Pick<DOMRect, "left" | "top" | "width" | "height">,
): PlanPoint {
  return clampPoint({
    x: box.width ? (clientX - box.left) / box.width : 0,
    y: box.height ? (clientY - box.top) / box.height : 0,
  });
}

/**
 * Where each seat's tile sits on the floor plan: its stored position when someone placed it, else
 * where its polygon sits in its camera's view. Cameras see different parts of the room, so each
 * camera's unplaced seats get their own vertical band of the plan (cameras in id order, left to
 * right) instead of piling onto each other.
 */
export function planPositions(entries: readonly SeatEntry[]): Map<string, PlanPoint> {
  const cameras = [...new Set(entries.map((e) => `${e.device}/${e.camera}`))].sort();
  const band = new Map(cameras.map((key, i) => [key, i]));
  const width = 1 / Math.max(1, cameras.length);
  const out = new Map<string, PlanPoint>();
  for (const e of entries) {
    if (e.layout) {
      out.set(e.seat, clampPoint(e.layout));
      continue;
    }
    const c = centroid(e.polygon);
    const i = band.get(`${e.device}/${e.camera}`) ?? 0;
    out.set(e.seat, clampPoint({ x: (i + c.x) * width, y: c.y }));
  }
  return out;
}
