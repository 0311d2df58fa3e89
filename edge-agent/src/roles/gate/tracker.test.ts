import { describe, expect, it } from "vitest";
import type { Box } from "../../vision/detect/detector.js";
import { iou, Tracker, type TrackInput } from "./tracker.js";

const truck = (x: number, y = 100, w = 60, h = 60): TrackInput => ({
  box: [x, y, x + w, y + h] as Box,
  label: "truck",
  score: 0.9,
});

/** Feeds one detection list per frame (frame i at time i·500 ms); returns ids per frame and ended ids. */
function run(tracker: Tracker, frames: readonly (readonly TrackInput[])[]) {
  const seen: number[][] = [];
  const ended: { id: number; at: number; hits: number }[] = [];
  frames.forEach((dets, i) => {
    const u = tracker.update(dets, i * 500);
    seen.push(u.live.filter((t) => t.missed === 0).map((t) => t.id));
    for (const t of u.ended) ended.push({ id: t.id, at: i * 500, hits: t.hits });
  });
  return { seen, ended };
}

describe("Tracker", () => {
  it("follows a truck crossing the picture with one id, and ends it after the configured misses", () => {
    const tracker = new Tracker({ lostAfterFrames: 3 });
    const crossing = Array.from({ length: 10 }, (_, i) => [truck(10 + 25 * i)]);
    const { seen, ended } = run(tracker, [...crossing, [], [], [], []]);
    expect(seen.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => [1]));
    // Missed on frames 10, 11 and 12: the third miss ends it, not earlier and not later.
    expect(ended).toEqual([{ id: 1, at: 12 * 500, hits: 10 }]);
    expect(tracker.live).toEqual([]);
  });

  it("keeps the id through an occlusion gap by moving the box on at its own speed", () => {
    // 40 px per frame with a 60 px box: after two hidden frames the truck is 120 px on, far beyond any
    // overlap with where it was last seen, but exactly where its velocity says.
    const frames = [[truck(0)], [truck(40)], [truck(80)], [], [], [truck(200)], [truck(240)]];
    const { seen, ended } = run(new Tracker({ lostAfterFrames: 4 }), frames);
    expect(seen).toEqual([[1], [1], [1], [], [], [1], [1]]);
    expect(ended).toEqual([]);
    // Without the prediction the same gap splits the track: a tracker that cannot extrapolate fails.
    const still = [[truck(0)], [truck(0)], [truck(0)], [], [], [truck(120)]];
    expect(run(new Tracker({ lostAfterFrames: 4 }), still).seen.at(-1)).toEqual([2]);
  });

  it("tells two vehicles apart whatever order the detector lists them in", () => {
    const frames = Array.from({ length: 8 }, (_, i) => {
      const pair = [truck(10 + 20 * i, 20), truck(300 - 20 * i, 150)];
      return i % 2 === 0 ? pair : [pair[1] as TrackInput, pair[0] as TrackInput];
    });
    const tracker = new Tracker();
    run(tracker, frames);
    const byId = new Map(tracker.live.map((t) => [t.id, t]));
    expect([...byId.keys()].sort()).toEqual([1, 2]);
    // Track 1 is the upper truck moving right, track 2 the lower one moving left.
    expect(byId.get(1)?.first).toEqual([40, 50]);
    expect(byId.get(1)?.last).toEqual([180, 50]);
    expect(byId.get(2)?.last).toEqual([190, 180]);
    expect(byId.get(2)?.hits).toBe(8);
  });

  it("never hands out an id twice, also after every track was cleared", () => {
    const tracker = new Tracker({ lostAfterFrames: 1 });
    const { seen } = run(tracker, [[truck(10)], [], [truck(10)], [], [truck(10)]]);
    expect(seen).toEqual([[1], [], [2], [], [3]]);
    expect(tracker.clear().map((t) => t.id)).toEqual([3]);
    expect(tracker.update([truck(10)], 9_000).live.map((t) => t.id)).toEqual([4]);
  });

  it("is deterministic: the same detections give the same tracks", () => {
    const frames = Array.from({ length: 12 }, (_, i) =>
      [truck(5 + 17 * i), truck(250 - 11 * i, 0), truck(400, 180 - 9 * i)].filter(
        (_, j) => (i + j) % 4 !== 0,
      ),
    );
    const a = run(new Tracker(), frames);
    const b = run(new Tracker(), frames);
    expect(a).toEqual(b);
    expect(new Set(a.seen.flat())).toEqual(new Set([1, 2, 3]));
  });

  it("takes the label the detector gave most often", () => {
    const tracker = new Tracker();
    const bus = (x: number): TrackInput => ({ ...truck(x), label: "bus" });
    run(tracker, [[truck(0)], [bus(10)], [truck(20)], [bus(30)], [bus(40)]]);
    expect(tracker.live[0]?.label).toBe("bus");
  });

  it("computes IoU of boxes", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
  });
});
