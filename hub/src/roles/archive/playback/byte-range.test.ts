import { describe, expect, it } from "vitest";
import { parseByteRange, rangeHeaders } from "./byte-range.js";

describe("parseByteRange", () => {
  it("reads the single ranges players send", () => {
    expect(parseByteRange("bytes=0-", 1000)).toEqual({ kind: "partial", start: 0, end: 999 });
    expect(parseByteRange("bytes=100-199", 1000)).toEqual({ kind: "partial", start: 100, end: 199 });
    expect(parseByteRange("bytes=900-5000", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseByteRange("bytes=-100", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseByteRange("bytes=-5000", 1000)).toEqual({ kind: "partial", start: 0, end: 999 });
  });

  it("refuses ranges that start past the end", () => {
    expect(parseByteRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=1000-1100", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores what it does not serve as a range, so the whole file goes out", () => {
    for (const header of [undefined, "", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=-", "bytes=a-b"])
      expect(parseByteRange(header, 1000), String(header)).toEqual({ kind: "full" });
  });

  it("describes each answer in its headers", () => {
    expect(rangeHeaders({ kind: "partial", start: 10, end: 19 }, 100)).toEqual({
      "content-range": "bytes 10-19/100",
      "content-length": "10",
    });
    expect(rangeHeaders({ kind: "unsatisfiable" }, 100)).toEqual({ "content-range": "bytes */100" });
    expect(rangeHeaders({ kind: "full" }, 100)).toEqual({ "content-length": "100" });
  });
});
