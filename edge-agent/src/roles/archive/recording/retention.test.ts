import { describe, expect, it } from "vitest";
import { expiredSegments } from "./retention.js";
import type { SegmentEntry } from "./segment-index.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5);

function entry(id: string, daysAgo: number, bytes: number): SegmentEntry {
  const startedAt = NOW - daysAgo * DAY;
  return { id, file: `${id}.mp4`, startedAt, durationMs: 600_000, bytes, codec: "h264", container: "mp4" };
}

const GiB = 2 ** 30;

describe("retention", () => {
  const segments = [entry("c", 1, GiB), entry("a", 10, GiB), entry("b", 5, GiB), entry("d", 0, GiB)];

  it("keeps everything without a policy", () => {
    expect(expiredSegments(segments, {}, NOW)).toEqual([]);
  });

  it("deletes segments that ended before the retention period", () => {
    const expired = expiredSegments(segments, { retentionDays: 3 }, NOW);
    expect(expired.map((e) => [e.entry.id, e.why])).toEqual([
      ["a", "age"],
      ["b", "age"],
    ]);
  });

  it("deletes the oldest first until the rest fit the quota", () => {
    const expired = expiredSegments(segments, { maxGiB: 2.5 }, NOW);
    expect(expired.map((e) => [e.entry.id, e.why])).toEqual([
      ["a", "quota"],
      ["b", "quota"],
    ]);
  });

  it("counts what age already freed against the quota", () => {
    const expired = expiredSegments(segments, { retentionDays: 7, maxGiB: 2 }, NOW);
    expect(expired.map((e) => [e.entry.id, e.why])).toEqual([
      ["a", "age"],
      ["b", "quota"],
    ]);
  });

  it("never deletes the newest segment for the quota", () => {
    const expired = expiredSegments(segments, { maxGiB: 0.1 }, NOW);
    expect(expired.map((e) => e.entry.id)).toEqual(["a", "b", "c"]);
  });
});
