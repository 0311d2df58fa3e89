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
    expect(t.counts).toEqual({ next: 5, gap: 1, missing: 3, late: 0, lost: 0, old: 0, restart: 0 });
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

describe("SequenceTracker gaps", () => {
  it("counts numbers that arrive after a later one as late, not lost", () => {
    const t = new SequenceTracker(1_000);
    for (const seq of [1, 2, 3]) t.observe("d", seq, 0);
    expect(t.observe("d", 7, 10)).toEqual({ kind: "gap", missing: 3, expected: 4 });
    expect(t.observe("d", 5, 20)).toEqual({ kind: "late", last: 7 });
    expect(t.observe("d", 5, 30)).toEqual({ kind: "old", last: 7 }); // the second copy is a replay
    expect(t.observe("d", 4, 40).kind).toBe("late");
    expect(t.sweep(2_000)).toEqual([{ deviceKey: "d", from: 6, to: 6 }]);
    expect(t.counts).toMatchObject({ gap: 1, missing: 3, late: 2, lost: 1, old: 1 });
    // Given up on, 6 is an ordinary old number if it turns up after all.
    expect(t.observe("d", 6, 2_100).kind).toBe("old");
  });

  it("reports a gap as lost only after the grace period", () => {
    const t = new SequenceTracker(1_000);
    t.observe("a", 1, 0);
    t.observe("a", 11, 100);
    expect(t.sweep(1_099)).toEqual([]);
    expect(t.sweep(1_100)).toEqual([{ deviceKey: "a", from: 2, to: 10 }]);
    expect(t.sweep(5_000)).toEqual([]);
    expect(t.counts.lost).toBe(9);
  });

  it("forgets open gaps when the device starts counting again", () => {
    const t = new SequenceTracker(1_000);
    for (const seq of [1, 5]) t.observe("d", seq, 0);
    expect(t.observe("d", 1, 10).kind).toBe("restart");
    expect(t.sweep(10_000)).toEqual([]);
  });

  it("gives up the oldest of too many open gaps at the next sweep", () => {
    const t = new SequenceTracker(60_000);
    for (let i = 0; i <= 65; i++) t.observe("d", 1 + i * 2, 0);
    const lost = t.sweep(1);
    expect(lost).toEqual([{ deviceKey: "d", from: 2, to: 2 }]);
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
