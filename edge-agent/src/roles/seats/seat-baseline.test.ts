import { describe, expect, it } from "vitest";
import { polygonBounds, type Vec } from "../../analysis/geometry.js";
import { grayPatch, type RgbFrame } from "../../analysis/gray-patch.js";
import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import { SeatBaseline } from "./seat-baseline.js";
import { DEFAULT_SEAT_OPTIONS } from "./seat-options.js";

const MIN = 60_000;
const seat: Vec[] = [
  [20, 20],
  [120, 20],
  [120, 120],
  [20, 120],
];
const rect = polygonBounds(seat, 160, 160);
const patchOf = (f: RgbFrame) => grayPatch(f, rect, seat, 24);
const empty = syntheticFrame(160, 160);
const jacket = paint(empty, 40, 40, 100, 100, 40);

/** Feeds `frame` every 3 s, as the analyzer does, and returns the last diff. */
function feed(b: SeatBaseline, frame: RgbFrame, from: number, to: number, explained = false, isEmpty = true) {
  const patch = patchOf(frame);
  let diff: number | undefined;
  for (let now = from; now < to; now += 3_000) {
    diff = b.diff(patch);
    b.update(patch, diff, explained, isEmpty, now);
  }
  return diff;
}

describe("SeatBaseline", () => {
  it("is captured only after the seat was confidently empty for a while", () => {
    const b = new SeatBaseline(DEFAULT_SEAT_OPTIONS);
    feed(b, empty, 0, 2 * MIN, false, false);
    expect(b.ready).toBe(false);
    feed(b, empty, 2 * MIN, 2 * MIN + 57_000);
    expect(b.ready).toBe(false);
    feed(b, empty, 2 * MIN + 57_000, 3 * MIN + 3_000);
    expect(b.ready).toBe(true);
    expect(b.diff(patchOf(empty))).toBe(0);
    expect(b.diff(patchOf(jacket))).toBeGreaterThan(0.2);
  });

  it("ignores a uniform brightness change but not an object", () => {
    const b = new SeatBaseline(DEFAULT_SEAT_OPTIONS);
    feed(b, empty, 0, 2 * MIN);
    expect(b.diff(patchOf(syntheticFrame(160, 160, 170)))).toBe(0);
    expect(b.diff(patchOf(paint(syntheticFrame(160, 160, 170), 40, 40, 100, 100, 40)))).toBeGreaterThan(0.2);
  });

  it("adopts an unexplained difference as the new empty look after the recapture time, never a detected one", () => {
    const b = new SeatBaseline(DEFAULT_SEAT_OPTIONS);
    feed(b, empty, 0, 2 * MIN);
    // A detected bag may stay all day without becoming part of the baseline.
    expect(feed(b, jacket, 2 * MIN, 60 * MIN, true)).toBeGreaterThan(0.2);
    expect(b.diff(patchOf(jacket))).toBeGreaterThan(0.2);
    // Nothing detected (say, a moved chair): after 30 minutes it is the new normal.
    feed(b, jacket, 60 * MIN, 89 * MIN);
    expect(b.diff(patchOf(jacket))).toBeGreaterThan(0.2);
    feed(b, jacket, 89 * MIN, 91 * MIN);
    expect(b.diff(patchOf(jacket))).toBe(0);
  });

  it("can be reset when the camera geometry changes", () => {
    const b = new SeatBaseline(DEFAULT_SEAT_OPTIONS);
    feed(b, empty, 0, 2 * MIN);
    b.reset();
    expect(b.ready).toBe(false);
    expect(b.diff(patchOf(empty))).toBeUndefined();
  });
});
