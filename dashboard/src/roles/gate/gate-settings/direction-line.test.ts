import type { Point } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import {
  arrowHeadPath,
  type DirectionLine,
  defaultLine,
  inArrow,
  moveLineEnd,
  sideOf,
  swapLine,
} from "./direction-line.js";

// The agent's own examples (edge-agent/src/roles/gate/direction.test.ts): a vertical line drawn bottom
// to top has the picture's right on its right; a horizontal one drawn left to right, the lower half.
const upwards: DirectionLine = [
  [0.5, 1],
  [0.5, 0],
];
const across: DirectionLine = [
  [0, 0.5],
  [1, 0.5],
];

/** The arrow's head, back in normalised units, so its side can be checked as the agent would. */
function headOf(line: DirectionLine, width: number, height: number): Point {
  const arrow = inArrow(line, width, height, 50);
  if (!arrow) throw new Error("no arrow");
  return [arrow.to[0] / width, arrow.to[1] / height];
}

describe("the direction line", () => {
  it("tells the sides as the agent does: right of the line, looking along it, is in", () => {
    expect(sideOf([0.8, 0.5], upwards)).toBe(1);
    expect(sideOf([0.2, 0.5], upwards)).toBe(-1);
    expect(sideOf([0.5, 0.9], across)).toBe(1);
    expect(sideOf([0.5, 0.5], across)).toBe(0);
  });

  it("draws the 'in' arrow from the middle to the in side, perpendicular on screen", () => {
    const arrow = inArrow(across, 1000, 500, 50);
    expect(arrow).toEqual({ from: [500, 250], to: [500, 300] });
    expect(inArrow(upwards, 1000, 500, 50)).toEqual({ from: [500, 250], to: [550, 250] });
    // A slanted line on a wide picture: the head still lies on the side the agent counts as in.
    const slanted: DirectionLine = [
      [0.1, 0.2],
      [0.7, 0.9],
    ];
    expect(sideOf(headOf(slanted, 1000, 562.5), slanted)).toBe(1);
    expect(sideOf(headOf(swapLine(slanted), 1000, 562.5), slanted)).toBe(-1);
  });

  it("has no arrow for a line of no length", () => {
    expect(inArrow([upwards[0], upwards[0]], 1000, 500, 50)).toBeUndefined();
  });

  it("starts across the middle with vehicles moving down the picture going in", () => {
    const line = defaultLine();
    expect(sideOf([0.5, 0.9], line)).toBe(1);
    expect(swapLine(line)).toEqual([line[1], line[0]]);
  });

  it("moves one end at a time, kept inside the picture", () => {
    expect(moveLineEnd(across, 0, [-0.2, 0.3])).toEqual([[0, 0.3], across[1]]);
    expect(moveLineEnd(across, 1, [0.75, 1.5])).toEqual([across[0], [0.75, 1]]);
  });

  it("draws the head's two strokes back from the tip", () => {
    const path = arrowHeadPath({ from: [0, 0], to: [100, 0] }, 10);
    const numbers = path.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    expect(numbers.slice(2, 4)).toEqual([100, 0]);
    // Both wing ends lie behind the tip, one above and one below the shaft.
    expect(numbers[0]).toBeLessThan(100);
    expect(numbers[4]).toBeLessThan(100);
    expect(Math.sign(numbers[1] as number)).toBe(-Math.sign(numbers[5] as number));
  });
});
