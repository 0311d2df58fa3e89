import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settledSchema } from "./messages/delivery.js";
import { SeqRanges } from "./seq-ranges.js";

/** The numbers a list of ranges covers, for comparing with a plain Set. */
const expand = (ranges: [number, number][]) =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));

describe("SeqRanges", () => {
  it("merges in-order, adjacent and overlapping numbers into the fewest ranges", () => {
    const r = new SeqRanges();
    for (const n of [1, 2, 3, 7, 5, 6, 10, 4, 9, 8]) r.add(n);
    r.add(12, 14);
    r.add(11);
    expect(r.toArray()).toEqual([[1, 14]]);
    r.add(20, 22);
    r.add(16);
    expect(r.toArray()).toEqual([
      [1, 14],
      [16, 16],
      [20, 22],
    ]);
    expect(r.has(15)).toBe(false);
    expect(r.has(21)).toBe(true);
    expect(r.last).toBe(22);
  });

  it("refuses a new range beyond the limit but still grows the ones it has", () => {
    const r = new SeqRanges();
    expect(r.add(1, 1, 2)).toBe(true);
    expect(r.add(5, 5, 2)).toBe(true);
    expect(r.add(9, 9, 2)).toBe(false);
    expect(r.add(3, 3, 2)).toBe(false);
    expect(r.add(2, 2, 2)).toBe(true);
    expect(r.add(6, 8, 2)).toBe(true);
    expect(r.toArray()).toEqual([
      [1, 2],
      [5, 8],
    ]);
  });

  it("forgets a prefix, cutting a range in two where needed", () => {
    const r = new SeqRanges();
    r.add(1, 10);
    r.add(20, 30);
    r.deleteUpTo(25);
    expect(r.toArray()).toEqual([[26, 30]]);
    r.deleteUpTo(30);
    expect(r.size).toBe(0);
  });

  it("holds exactly the numbers added, as ranges a settled message accepts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5 })), {
          maxLength: 80,
        }),
        fc.integer({ min: 0, max: 320 }),
        (adds, cut) => {
          const r = new SeqRanges();
          const model = new Set<number>();
          for (const [from, len] of adds) {
            r.add(from, from + len);
            for (let n = from; n <= from + len; n++) model.add(n);
          }
          const ranges = r.toArray();
          expect(expand(ranges)).toEqual([...model].sort((a, b) => a - b));
          for (let i = 1; i < ranges.length; i++)
            expect((ranges[i] as [number, number])[0]).toBeGreaterThan(
              (ranges[i - 1] as [number, number])[1] + 1,
            );
          for (let n = 0; n <= 310; n++) expect(r.has(n)).toBe(model.has(n));
          if (ranges.length > 0 && ranges.length <= 128)
            expect(settledSchema.safeParse({ v: 1, ts: 1, ranges }).success).toBe(true);
          r.deleteUpTo(cut);
          expect(expand(r.toArray())).toEqual([...model].filter((n) => n > cut).sort((a, b) => a - b));
        },
      ),
    );
  });

  it("settled messages refuse reversed ranges and empty lists", () => {
    expect(settledSchema.safeParse({ v: 1, ts: 1, ranges: [[5, 4]] }).success).toBe(false);
    expect(settledSchema.safeParse({ v: 1, ts: 1, ranges: [] }).success).toBe(false);
  });
});
