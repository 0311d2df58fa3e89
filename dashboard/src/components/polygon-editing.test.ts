import type { Point } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { editorReducer, initialEditor } from "./editor-state.js";
import {
  addDraftPoint,
  clampPoint,
  type EditorSeat,
  movePolygon,
  moveVertex,
  planSave,
  seatProblems,
} from "./polygon-editing.js";

const square: Point[] = [
  [0.1, 0.1],
  [0.3, 0.1],
  [0.3, 0.3],
  [0.1, 0.3],
];
const seat = (id: string, polygon = square, originalId: string | undefined = id): EditorSeat => ({
  key: originalId ?? `new-${id}`,
  id,
  originalId,
  device: "edge-1",
  camera: "cam-1",
  polygon,
});

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

  it("turns a closed draft into a new unnamed seat of the camera; Escape drops it", () => {
    let s = editorReducer(initialEditor, { type: "load", device: "edge-1", camera: "cam-1", seats: [] });
    s = editorReducer(s, { type: "startDraw" });
    for (const p of square.slice(0, 3)) s = editorReducer(s, { type: "addPoint", point: p });
    s = editorReducer(s, { type: "addPoint", point: [0.1, 0.1] });
    expect(s.draft).toBeUndefined();
    expect(s.seats).toHaveLength(1);
    expect(s.seats[0]).toMatchObject({
      id: "",
      device: "edge-1",
      camera: "cam-1",
      polygon: square.slice(0, 3),
    });
    expect(s.selected).toBe(s.seats[0]?.key);
    s = editorReducer(s, { type: "startDraw" });
    s = editorReducer(s, { type: "addPoint", point: [0.5, 0.5] });
    s = editorReducer(s, { type: "closeDraft" });
    expect(s.draft).toEqual([[0.5, 0.5]]);
    s = editorReducer(s, { type: "cancelDraft" });
    expect(s.draft).toBeUndefined();
    expect(s.seats).toHaveLength(1);
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

describe("validation", () => {
  it("accepts a named simple polygon", () => {
    expect(seatProblems(seat("1A"), [seat("1B")])).toEqual({});
  });

  it("flags a missing, malformed or duplicate name", () => {
    expect(seatProblems(seat(""), []).name).toBe("required");
    expect(seatProblems(seat("1 A"), []).name).toMatch(/letters/);
    expect(seatProblems(seat("1A"), [seat("1A")]).name).toBe("duplicate");
  });

  it("flags too few points, crossing edges and no area", () => {
    expect(seatProblems(seat("1A", square.slice(0, 2)), []).polygon).toMatch(/at least 3/);
    const bowtie: Point[] = [square[0], square[2], square[1], square[3]] as Point[];
    expect(seatProblems(seat("1A", bowtie), []).polygon).toMatch(/intersect/);
    const line: Point[] = [
      [0.1, 0.1],
      [0.2, 0.2],
      [0.3, 0.3000001],
    ];
    expect(seatProblems(seat("1A", line), []).polygon).toMatch(/area/);
  });
});

describe("planning the save", () => {
  it("creates new seats, patches moved ones, deletes removed ones and leaves the rest", () => {
    const original = [seat("1A"), seat("1B"), seat("1C")];
    const edited = [seat("1A"), seat("1B", movePolygon(square, 0.1, 0)), seat("2A", square, undefined)];
    const plan = planSave(original, edited);
    expect(plan.create.map((s) => s.id)).toEqual(["2A"]);
    expect(plan.update.map((s) => s.id)).toEqual(["1B"]);
    expect(plan.remove).toEqual([{ id: "1C", device: "edge-1" }]);
  });

  it("renames as create-new plus delete-old (seat ids are keys)", () => {
    const plan = planSave([seat("1A")], [{ ...seat("1A"), id: "1Z" }]);
    expect(plan.create.map((s) => s.id)).toEqual(["1Z"]);
    expect(plan.remove.map((r) => r.id)).toEqual(["1A"]);
    expect(plan.update).toEqual([]);
  });
});
