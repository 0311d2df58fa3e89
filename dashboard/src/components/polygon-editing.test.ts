import type { Point } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import {
  addDraftPoint,
  clampPoint,
  edgeMidpoints,
  insertVertex,
  movePolygon,
  moveVertex,
  removeVertex,
} from "./polygon-editing.js";

const square: Point[] = [
  [0.1, 0.1],
  [0.3, 0.1],
  [0.3, 0.3],
  [0.1, 0.3],
];
describe("drawing a polygon", () => {
  it("adds clicked points, clamped into the frame", () => {
    expect(addDraftPoint([], [0.5, 0.5])).toEqual({ points: [[0.5, 0.5]], closed: false });
    expect(addDraftPoint([[0.5, 0.5]], [1.2, -0.1]).points[1]).toEqual([1, 0]);
    expect(clampPoint([0.123456, 0.5])).toEqual([0.1235, 0.5]);
  });

  it("closes when the first point is clicked again, but only with three points", () => {
    const three: Point[] = square.slice(0, 3);
    expect(addDraftPoint(three, [0.105, 0.1])).toEqual({ points: three, closed: true });
    expect(addDraftPoint(three.slice(0, 2), [0.1, 0.1]).closed).toBe(false);
    expect(addDraftPoint(three, [0.5, 0.5]).closed).toBe(false);
  });
});

describe("moving", () => {
  it("moves one vertex, kept inside the frame", () => {
    const moved = moveVertex(square, 2, [0.5, 1.4]);
    expect(moved[2]).toEqual([0.5, 1]);
    expect(moved[0]).toEqual(square[0]);
  });

  it("moves the whole polygon and stops at the edge without changing its shape", () => {
    expect(movePolygon(square, 0.1, 0.2)).toEqual([
      [0.2, 0.3],
      [0.4, 0.3],
      [0.4, 0.5],
      [0.2, 0.5],
    ]);
    const pushed = movePolygon(square, -0.5, 0);
    expect(pushed[0]).toEqual([0, 0.1]);
    expect(pushed[1]).toEqual([0.2, 0.1]);
  });
});

describe("adding and removing corners", () => {
  it("offers the middle of every edge, the closing edge included", () => {
    expect(edgeMidpoints(square)).toEqual([
      [0.2, 0.1],
      [0.3, 0.2],
      [0.2, 0.3],
      [0.1, 0.2],
    ]);
  });

  it("splits an edge where its handle was dropped, so the outline keeps its order", () => {
    const added = insertVertex(square, 3, [0.05, 0.2]);
    expect(added).toEqual([...square, [0.05, 0.2]]);
    expect(insertVertex(square, 0, [0.2, -1])).toEqual([square[0], [0.2, 0], ...square.slice(1)]);
    // Beyond the limit, or on an edge that does not exist, nothing changes.
    expect(insertVertex(square, 0, [0.2, 0], 4)).toEqual(square);
    expect(insertVertex(square, 4, [0.2, 0])).toEqual(square);
  });

  it("removes a corner but never goes below a triangle", () => {
    expect(removeVertex(square, 1)).toEqual([square[0], square[2], square[3]]);
    const triangle = square.slice(0, 3);
    expect(removeVertex(triangle, 0)).toEqual(triangle);
  });
});
