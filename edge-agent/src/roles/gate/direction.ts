import type { Point } from "./tracker.js";

export type Direction = "in" | "out" | "unknown";

/** A directed line in normalised picture coordinates (0..1, y down), as the config file gives it. */
export type DirectionLine = readonly [Point, Point];

/**
 * Within this distance of the line (share of the picture) a centre counts as on it: a truck that
 * stopped astride the line neither entered nor left, and a jittering box must not flip the answer.
 */
export const DEAD_BAND = 0.02;

/**
 * Which side of the line `p` lies on, looking from the line's first point to its second: +1 right,
 * -1 left, 0 within the dead band. With y pointing down, a positive cross product is the right.
 */
export function sideOf(p: Point, line: DirectionLine, deadBand = DEAD_BAND): -1 | 0 | 1 {
  const [[ax, ay], [bx, by]] = line;
  const length = Math.hypot(bx - ax, by - ay);
  if (length === 0) return 0;
  const distance = ((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) / length;
  if (Math.abs(distance) <= deadBand) return 0;
  return distance > 0 ? 1 : -1;
}

/**
 * The way a vehicle crossed the line, from the centres where its track started and ended (frame
 * pixels, normalised here by the frame size — scaling both axes keeps every point on its side).
 * Left to right is "in", right to left "out"; no line, no crossing, or an end on the line is "unknown".
 */
export function directionOf(
  start: Point,
  end: Point,
  line: DirectionLine | undefined,
  frame: { readonly width: number; readonly height: number },
): Direction {
  if (!line || frame.width <= 0 || frame.height <= 0) return "unknown";
  const norm = (p: Point): Point => [p[0] / frame.width, p[1] / frame.height];
  const from = sideOf(norm(start), line);
  const to = sideOf(norm(end), line);
  if (from === -1 && to === 1) return "in";
  if (from === 1 && to === -1) return "out";
  return "unknown";
}

/** One direction for a passage seen by several tracks (cameras of one group): the agreeing verdict. */
export function agreedDirection(directions: readonly Direction[]): Direction {
  const known = new Set(directions.filter((d) => d !== "unknown"));
  return known.size === 1 ? ([...known][0] as Direction) : "unknown";
}
