import type { Point } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { movePolygon } from "../../../components/polygon-editing.js";
import { editorReducer, initialEditor } from "./editor-state.js";
import { type EditorSeat, planSave, seatProblems } from "./seat-plan.js";

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

describe("drawing a seat", () => {
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
