import { describe, expect, it } from "vitest";
import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import { CropStore, clampBox, cropRgb, growBox } from "./gate-crops.js";
import { TrackPassage } from "./track-passage.js";
import type { Track } from "./tracker.js";

const image = (bytes: number): RawImage => ({ data: new Uint8Array(bytes), width: bytes / 3, height: 1 });

describe("crops", () => {
  it("copies exactly the box's pixels, clamped to the frame, and nothing of a box outside it", () => {
    const frame = paint(syntheticFrame(40, 30), 10, 5, 20, 15, 7);
    const crop = cropRgb(frame, [10, 5, 20, 15]);
    expect(crop && [crop.width, crop.height]).toEqual([10, 10]);
    expect(crop && new Set(crop.data)).toEqual(new Set([7]));
    // A copy: later frames reuse their buffers, a kept crop must not change with them.
    frame.data.fill(0);
    expect(crop?.data[0]).toBe(7);
    expect(clampBox([-5, -5, 12.2, 8.7], 40, 30)).toEqual([0, 0, 13, 9]);
    expect(cropRgb(frame, [50, 0, 60, 10])).toBeUndefined();
    expect(growBox([10, 10, 30, 20], 0.1)).toEqual([8, 9, 32, 21]);
  });

  it("keeps recent crops within its byte budget, oldest dropped first, each handed over once", () => {
    const store = new CropStore(30);
    for (const ref of ["a", "b", "c"]) store.put({ ref, image: image(12), box: [0, 0, 4, 1], at: 1 });
    expect([store.size, store.get("a"), store.get("b")?.ref]).toEqual([2, undefined, "b"]);
    expect(store.take("c")?.ref).toBe("c");
    expect(store.take("c")).toBeUndefined();
    // A crop bigger than the whole budget is still kept alone, until the next one.
    store.put({ ref: "big", image: image(60), box: [0, 0, 20, 1], at: 2 });
    expect([store.size, store.get("big")?.ref]).toEqual([1, "big"]);
  });

  it("holds the crops of the frames something was read in and of the best frame seen, nothing else", () => {
    const passage = new TrackPassage(2);
    const frame = (at: number) => ({ ...syntheticFrame(40, 30), capturedAt: at });
    const found = {
      code: "CSQU3054383",
      valid: true,
      confidence: 0.9,
      box: [1, 1, 5, 3] as Box,
      rawText: "",
    };
    const scores = [0.2, 0.1, 0.5, 0.3, 0.9, 0.4];
    const read = scores.map((score, i) => {
      const due = passage.see(`f${i}`, frame(i), [0, 0, 10, 10], score);
      // As the analyser does: the reader's answer arrives before the next frame; f0 held no code.
      if (due) passage.add(`f${i}`, i, i === 0 ? [] : [found]);
      return due;
    });
    expect(read).toEqual([true, false, true, false, false, false]);
    const track = { id: 7, label: "truck", hits: 6, lastAt: 5 } as Track;
    const part = passage.part("lane", track, "in");
    // f4 scored best after the reading budget was spent; f0 was read in vain; f1, f3, f5 never counted.
    expect([...part.crops.keys()].sort()).toEqual(["f2", "f4"]);
    expect(part.bestFrame).toBe("f4");
    expect(part.crops.get("f4")?.box).toEqual([0, 0, 10, 10]);
    expect(passage.state).toBe("captured");
  });
});
