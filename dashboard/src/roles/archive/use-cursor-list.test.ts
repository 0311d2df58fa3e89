import { describe, expect, it } from "vitest";
import { type CursorList, placeItem } from "./use-cursor-list.js";

interface Row {
  id: string;
  at: number;
  label?: string;
}

const idOf = (r: Row) => r.id;
const newerFirst = (a: Row, b: Row) => b.at - a.at;
const list = (nextCursor: string | null, ...ats: number[]): CursorList<Row> => ({
  items: ats.map((at) => ({ id: `r${at}`, at })),
  nextCursor,
});
const ids = (l: CursorList<Row>) => l.items.map((r) => r.id);

describe("placeItem", () => {
  it("replaces a listed item where it is", () => {
    const next = placeItem(list("c", 30, 20, 10), { id: "r20", at: 20, label: "changed" }, idOf, newerFirst);
    expect(ids(next)).toEqual(["r30", "r20", "r10"]);
    expect(next.items[1]?.label).toBe("changed");
    expect(next.nextCursor).toBe("c");
  });

  it("inserts a new item in order: at the top when newest, between when in between", () => {
    expect(ids(placeItem(list("c", 30, 10), { id: "r40", at: 40 }, idOf, newerFirst))).toEqual([
      "r40",
      "r30",
      "r10",
    ]);
    expect(ids(placeItem(list("c", 30, 10), { id: "r20", at: 20 }, idOf, newerFirst))).toEqual([
      "r30",
      "r20",
      "r10",
    ]);
  });

  it("leaves out an item older than everything loaded while older pages exist, and adds it when none do", () => {
    const paged = list("c", 30, 20);
    expect(placeItem(paged, { id: "r5", at: 5 }, idOf, newerFirst)).toBe(paged);
    expect(ids(placeItem(list(null, 30, 20), { id: "r5", at: 5 }, idOf, newerFirst))).toEqual([
      "r30",
      "r20",
      "r5",
    ]);
    expect(ids(placeItem(list(null), { id: "r5", at: 5 }, idOf, newerFirst))).toEqual(["r5"]);
  });
});
