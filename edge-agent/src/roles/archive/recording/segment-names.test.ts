import { describe, expect, it } from "vitest";
import { parseSegmentUri, segmentId, segmentIdOf, segmentUri, startOfSegmentId } from "./segment-names.js";

describe("segment names", () => {
  const at = Date.UTC(2026, 11, 5, 16, 49, 4, 123);

  it("encode their start to the millisecond and sort by time", () => {
    expect(segmentId(at)).toBe("20261205T164904123Z");
    expect(startOfSegmentId(segmentId(at))).toBe(at);
    expect(startOfSegmentId(segmentId(at, 2))).toBe(at);
    expect(segmentId(at) < segmentId(at, 2)).toBe(true);
    expect(segmentId(at, 2) < segmentId(at + 1)).toBe(true);
  });

  it("are told apart from other files in the archive", () => {
    expect(segmentIdOf("20261205T164904123Z.mp4")).toBe("20261205T164904123Z");
    expect(segmentIdOf("20261205T164904123Z.mp4.part")).toBeUndefined();
    expect(segmentIdOf("index.jsonl")).toBeUndefined();
    expect(segmentIdOf("holiday.mp4")).toBeUndefined();
  });

  it("give a device-local uri per camera", () => {
    expect(segmentUri("gate-1", "20261205T164904123Z")).toBe("device://gate-1/20261205T164904123Z.mp4");
  });

  it("read back from their uri, and nothing that could leave the archive directory", () => {
    const id = segmentId(at, 2);
    expect(parseSegmentUri(segmentUri("gate 1", id))).toEqual({ camera: "gate 1", id });
    for (const uri of [
      "device://gate-1/holiday.mp4",
      "device://..%2Fetc/20261205T164904123Z.mp4",
      "device://a%2Fb/20261205T164904123Z.mp4",
      "file:///archive/20261205T164904123Z.mp4",
    ])
      expect(parseSegmentUri(uri), uri).toBeUndefined();
  });
});
