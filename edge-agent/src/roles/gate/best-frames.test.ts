import { describe, expect, it } from "vitest";
import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import { BestFrames, frameScore, sharpness } from "./best-frames.js";

const W = 320;
const H = 240;
/** A flat grey lane with a "container" of fine black-and-white stripes (paint characters) in `box`. */
function lane(x1: number, y1: number, x2: number, y2: number, stripe = 2): RawImage {
  let frame = paint(syntheticFrame(W, H), 0, 0, W, H, 120);
  for (let x = x1; x < x2; x += 2 * stripe) frame = paint(frame, x, y1, Math.min(x + stripe, x2), y2, 250);
  return paint(frame, x1, y1, x1 + 1, y2, 20);
}

describe("frameScore", () => {
  it("prefers a bigger view of the vehicle", () => {
    expect(frameScore(lane(100, 80, 220, 160), [100, 80, 220, 160])).toBeGreaterThan(
      frameScore(lane(140, 100, 180, 130), [140, 100, 180, 130]),
    );
  });

  it("prefers a central view to one cut by the picture's edge", () => {
    const central = frameScore(lane(100, 80, 200, 160), [100, 80, 200, 160]);
    const cut = frameScore(lane(0, 80, 100, 160), [-20, 80, 100, 160]);
    expect(central).toBeGreaterThan(cut);
  });

  it("prefers sharp paint to a smear of the same size and place", () => {
    const sharp = lane(100, 80, 200, 160, 2);
    const smeared = paint(syntheticFrame(W, H), 100, 80, 200, 160, 185);
    expect(sharpness(sharp, [100, 80, 200, 160])).toBeGreaterThan(50);
    expect(sharpness(smeared, [100, 80, 200, 160])).toBe(0);
    expect(frameScore(sharp, [100, 80, 200, 160])).toBeGreaterThan(frameScore(smeared, [100, 80, 200, 160]));
  });

  it("is zero for a box outside the picture, and a box too thin to measure has no sharpness", () => {
    expect(frameScore(lane(0, 0, 10, 10), [400, 300, 500, 400])).toBe(0);
    expect(sharpness(lane(100, 80, 200, 160), [100, 80, 102, 160])).toBe(0);
  });
});

describe("BestFrames", () => {
  it("reads the first usable frame, then only clear improvements, at most N in all", () => {
    const best = new BestFrames(3, 0.1);
    const scores = [0.01, 0.2, 0.21, 0.3, 0.25, 0.5, 0.9];
    expect(scores.map((s) => best.consider(s))).toEqual([false, true, false, true, false, true, false]);
    expect([best.picks, best.best]).toEqual([3, 0.5]);
  });
});
