import type { Point } from "@sitewatch/shared-protocol";
import { clampPoint } from "../../../components/polygon-editing.js";

/*
 * The gate's direction line as the agent reads it (edge-agent/src/roles/gate/direction.ts): looking
 * from its first point to its second, a vehicle that starts on the left and ends on the right went
 * "in". Pictures have y pointing down, so the right-hand side of a → b is the side of (-dy, dx).
 */

export type DirectionLine = [Point, Point];

/** A new line across the middle, drawn left to right: vehicles moving down the picture go "in". */
export function defaultLine(): DirectionLine {
  return [
    [0.2, 0.5],
    [0.8, 0.5],
  ];
}

/** The same line the other way round: "in" and "out" trade places. */
export function swapLine([a, b]: DirectionLine): DirectionLine {
  return [b, a];
}

export function moveLineEnd(line: DirectionLine, end: 0 | 1, to: Point): DirectionLine {
  return end === 0 ? [clampPoint(to), line[1]] : [line[0], clampPoint(to)];
}

/** Which side of the line `p` lies on: +1 the "in" side (the right), -1 the "out" side, 0 on it. */
export function sideOf(p: Point, [a, b]: DirectionLine): -1 | 0 | 1 {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  return cross > 0 ? 1 : cross < 0 ? -1 : 0;
}

export interface Arrow {
  /** Tail and head in the overlay's units (x × width, y × height). */
  from: Point;
  to: Point;
}

/**
 * The arrow drawn at the line's middle, pointing to the "in" side, in overlay units of `width` ×
 * `height`. Perpendicular on screen, not in normalised units: scaling x and y by positive factors keeps
 * every point on its side, so the arrow still points where the agent counts "in". Undefined for a line
 * of no length, which has no sides.
 */
export function inArrow(
  line: DirectionLine,
  width: number,
  height: number,
  length: number,
): Arrow | undefined {
  const [[ax, ay], [bx, by]] = line;
  const dx = (bx - ax) * width;
  const dy = (by - ay) * height;
  const norm = Math.hypot(dx, dy);
  if (norm === 0) return undefined;
  const mid: Point = [((ax + bx) / 2) * width, ((ay + by) / 2) * height];
  const to: Point = [mid[0] + (-dy / norm) * length, mid[1] + (dx / norm) * length];
  return { from: mid, to };
}

/** The two strokes of the arrow head at `to`, as an SVG path. */
export function arrowHeadPath({ from, to }: Arrow, size: number): string {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  const wing = (turn: number) =>
    `${to[0] - size * Math.cos(angle + turn)},${to[1] - size * Math.sin(angle + turn)}`;
  return `M${wing(Math.PI / 6)} L${to[0]},${to[1]} L${wing(-Math.PI / 6)}`;
}
