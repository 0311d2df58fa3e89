import { describe, expect, it } from "vitest";
import { classifySequence, RecentIds, SequenceTracker } from "./sequence-tracker.js";

describe("classifySequence", () => {
  it("accepts the first number of a device whatever it is", () => {
    expect(classifySequence(undefined, 7)).toEqual({ kind: "first" });
  });

  it("tells next, gap, old and restart apart", () => {
    expect(classifySequence(5, 6)).toEqual({ kind: "next" });
    expect(classifySequence(5, 9)).toEqual({ kind: "gap", missing: 3, expected: 6 });
    expect(classifySequence(5, 5)).toEqual({ kind: "old", last: 5 });
    expect(classifySequence(5, 3)).toEqual({ kind: "old", last: 5 });
    expect(classifySequence(500, 1)).toEqual({ kind: "restart", last: 500 });
    expect(classifySequence(500, 0)).toEqual({ kind: "restart", last: 500 });
  });

  it("treats a repeated 1 as a duplicate, not a restart", () => {
    expect(classifySequence(1, 1)).toEqual({ kind: "old", last: 1 });
    expect(classifySequence(1, 0)).toEqual({ kind: "old", last: 1 });
  });

  it("counts 0 → 1 as the next event", () => {
    expect(classifySequence(0, 1)).toEqual({ kind: "next" });
  });
});

describe("SequenceTracker", () => {
  it("keeps devices apart and counts each verdict", () => {
    const t = new SequenceTracker();
    for (const seq of [1, 2, 3]) t.observe("s/a", seq);
    t.observe("s/b", 10);
    expect(t.observe("s/a", 7)).toEqual({ kind: "gap", missing: 3, expected: 4 });
    expect(t.observe("s/b", 11)).toEqual({ kind: "next" });
    expect(t.counts).toEqual({ next: 5, gap: 1, missing: 3, old: 0, restart: 0 });
  });

  it("does not move backwards on a late replay", () => {
    const t = new SequenceTracker();
    for (const seq of [1, 2, 3, 4]) t.observe("d", seq);
    expect(t.observe("d", 2).kind).toBe("old");
    // Had the replay reset the mark to 2, this would look like a gap of 2.
    expect(t.observe("d", 5)).toEqual({ kind: "next" });
  });

  it("starts over after a restart", () => {
    const t = new SequenceTracker();
    for (const seq of [1, 2, 3, 40]) t.observe("d", seq);
    expect(t.observe("d", 1).kind).toBe("restart");
    expect(t.observe("d", 2)).toEqual({ kind: "next" });
    expect(t.counts.restart).toBe(1);
    expect(t.counts.missing).toBe(36);
  });
});

describe("RecentIds", () => {
  it("reports a repeat as seen and a new id as not", () => {
    const ids = new RecentIds(10);
    expect(ids.seen("a")).toBe(false);
    expect(ids.seen("b")).toBe(false);
    expect(ids.seen("a")).toBe(true);
    expect(ids.size).toBe(2);
  });

  it("forgets the oldest id beyond its capacity", () => {
    const ids = new RecentIds(3);
    for (const id of ["a", "b", "c", "d"]) ids.seen(id);
    expect(ids.size).toBe(3);
    expect(ids.has("a")).toBe(false);
    expect(ids.has("d")).toBe(true);
    expect(ids.seen("a")).toBe(false);
  });

  it("refuses a nonsensical capacity", () => {
    expect(() => new RecentIds(0)).toThrow(RangeError);
  });
});
