import { describe, expect, it } from "vitest";
import { FrameSampler } from "./frame-sampler.js";

/** Feeds a stream of `fps` pictures with a keyframe every `gop` pictures; returns the sampled times. */
function run(sampler: FrameSampler, seconds: number, fps: number, gop: number) {
  const sampled: number[] = [];
  let decoded = 0;
  for (let i = 0; i < seconds * fps; i++) {
    const time = i / fps;
    if (!sampler.shouldDecode(time, i % gop === 0)) continue;
    decoded += 1;
    if (sampler.shouldSample(time)) sampled.push(Math.round(time * 1000) / 1000);
  }
  return { sampled, decoded };
}

describe("FrameSampler", () => {
  it("samples one picture per interval and decodes everything when the interval is shorter than a GOP", () => {
    const { sampled, decoded } = run(new FrameSampler(0.5), 3, 10, 20);
    expect(sampled).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(decoded).toBe(30);
  });

  it("samples every picture with a zero interval", () => {
    expect(run(new FrameSampler(0), 1, 10, 20).sampled).toHaveLength(10);
  });

  it("decodes only the keyframes it needs once the interval is at least the GOP", () => {
    const sampler = new FrameSampler(3);
    const { sampled, decoded } = run(sampler, 60, 10, 20);
    expect(sampler.gopSeconds).toBeCloseTo(2);
    expect(sampler.keyframesOnly).toBe(true);
    // The first GOP is decoded in full (the keyframe interval is not known yet); after that one keyframe
    // per sample. Keyframes fall every 2 s, so samples come at 0, 4, 6, 10, 12 …: 3 s on average.
    expect(decoded).toBeLessThan(45);
    expect(sampled.slice(0, 6)).toEqual([0, 4, 6, 10, 12, 16]);
    expect(sampled.length).toBeGreaterThanOrEqual(19);
    expect(sampled.length).toBeLessThanOrEqual(21);
  });

  it("never skips in 'never' mode and always skips non-keyframes in 'always' mode", () => {
    expect(run(new FrameSampler(3, "never"), 10, 10, 20).decoded).toBe(100);
    const always = run(new FrameSampler(0, "always"), 10, 10, 20);
    expect(always.decoded).toBe(5);
    expect(always.sampled).toEqual([0, 2, 4, 6, 8]);
  });

  it("keeps decoding every picture when keyframes are further apart than the interval", () => {
    const sampler = new FrameSampler(1);
    const { sampled, decoded } = run(sampler, 10, 10, 40);
    expect(sampler.keyframesOnly).toBe(false);
    expect(decoded).toBe(100);
    expect(sampled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("tolerates RTP timestamp jitter just before the due time", () => {
    const sampler = new FrameSampler(1);
    expect(sampler.shouldSample(10)).toBe(true);
    expect(sampler.shouldSample(10.9)).toBe(false);
    expect(sampler.shouldSample(10.9999)).toBe(true);
  });

  it("starts over when timestamps jump backwards (the camera restarted its clock)", () => {
    const sampler = new FrameSampler(3);
    expect(sampler.shouldSample(100)).toBe(true);
    expect(sampler.shouldSample(101)).toBe(false);
    expect(sampler.shouldSample(0.5)).toBe(true);
    expect(sampler.shouldSample(1)).toBe(false);
    expect(sampler.shouldSample(3.5)).toBe(true);
  });

  it("rejects a negative interval", () => {
    expect(() => new FrameSampler(-1)).toThrow(RangeError);
  });
});
