import { describe, expect, it } from "vitest";
import { FrameSampler } from "./frame-sampler.js";

/** Feeds a stream of `fps` pictures with a keyframe every `gop` pictures; returns the sampled times. */
function run(sampler: FrameSampler, seconds: number, fps: number, gop: number, first = 0) {
  const sampled: number[] = [];
  let decoded = 0;
  for (let i = first; i < seconds * fps; i++) {
    const time = i / fps;
    const key = i % gop === 0;
    if (!sampler.shouldDecode(time, key)) continue;
    decoded += 1;
    if (sampler.shouldSample(time, key)) sampled.push(Math.round(time * 1000) / 1000);
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

  it("decodes each GOP only up to its last sample when keyframes are further apart than the interval", () => {
    const sampler = new FrameSampler(1);
    const { sampled, decoded } = run(sampler, 10, 10, 40);
    expect(sampler.keyframesOnly).toBe(false);
    // The first GOP (0–3.9 s) in full; in the second, 7.1–7.9 s owe nothing (the 8 s sample is a keyframe).
    expect(decoded).toBe(91);
    expect(sampled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("at 1 s on a 2 s GOP decodes a keyframe and the pictures up to the 1 s mark, no more", () => {
    const sampler = new FrameSampler(1);
    const { sampled, decoded } = run(sampler, 60, 10, 20);
    expect(sampled).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // First GOP 20, then 11 of every 20 (keyframe + 10 P pictures).
    expect(decoded).toBe(20 + 29 * 11);
  });

  it("moves the grid onto the keyframes when the stream was joined mid-GOP", () => {
    // Joined at 0.5 s; keyframes every 2 s from 2 s. The second keyframe seen (4 s) is sampled half an interval
    // early and the grid follows it, so from then on each GOP decodes only its keyframe and 10 pictures.
    const { sampled, decoded } = run(new FrameSampler(1), 20, 10, 20, 5);
    expect(sampled).toEqual([0.5, 1.5, 2.5, 3.5, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(decoded).toBe(35 + 8 * 11);
  });

  it("keeps the plain grid when a GOP is not a whole number of intervals", () => {
    const { sampled } = run(new FrameSampler(1.5), 12, 10, 20, 5);
    expect(sampled).toEqual([0.5, 2, 3.5, 5, 6.5, 8, 9.5, 11]);
  });

  it("skips a whole GOP that owes no sample, and decodes the next one up to its sample", () => {
    // 1.5 s on a 2 s GOP: samples at 0, 1.5, 3, 4.5, 6 …; no GOP may be skipped in full here, but each GOP's
    // tail after its last sample is.
    const { sampled, decoded } = run(new FrameSampler(1.5), 12, 10, 20);
    expect(sampled).toEqual([0, 1.5, 3, 4.5, 6, 7.5, 9, 10.5]);
    expect(decoded).toBeLessThan(85);
  });

  it("decodes again from the next keyframe when the stream restarts mid-GOP", () => {
    const sampler = new FrameSampler(1);
    run(sampler, 10, 10, 20);
    expect(sampler.shouldDecode(9.5, false)).toBe(false);
    // Clock reset: the keyframe at 0.2 is due at once, and what follows decodes on top of it.
    expect(sampler.shouldDecode(0.2, true)).toBe(true);
    expect(sampler.shouldSample(0.2)).toBe(true);
    expect(sampler.shouldDecode(0.3, false)).toBe(true);
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
