import { describe, expect, it } from "vitest";
import { FrameSampler } from "./frame-sampler.js";

/** Feeds a stream of `fps` pictures with a keyframe every `gop` pictures; returns the sampled times. */
function run(sampler: FrameSampler, seconds: number, fps: number, gop: number, first = 0) {
  const sampled: number[] = [];
  const decodedAt: number[] = [];
  for (let i = first; i < seconds * fps; i++) {
    const time = i / fps;
    const key = i % gop === 0;
    if (!sampler.shouldDecode(time, key)) continue;
    decodedAt.push(Math.round(time * 1000) / 1000);
    if (sampler.shouldSample(time, key)) sampled.push(Math.round(time * 1000) / 1000);
  }
  return { sampled, decoded: decodedAt.length, decodedAt };
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
    expect(() => new FrameSampler(1).setInterval(Number.NaN)).toThrow(RangeError);
  });
});

describe("FrameSampler interval changes on a running stream", () => {
  it("leaves keyframe-only decoding at the next keyframe, never decoding a picture whose keyframe it dropped", () => {
    const sampler = new FrameSampler(3);
    // The 2 s keyframe is known as such, not due, and dropped; so are the pictures after it.
    expect(run(sampler, 2.5, 10, 20).sampled).toEqual([0]);
    sampler.setInterval(0.5);
    const after = run(sampler, 6, 10, 20, 25);
    expect(after.decodedAt[0]).toBe(4);
    expect(after.sampled).toEqual([4, 4.5, 5, 5.5]);
    sampler.setInterval(3);
    const slow = run(sampler, 20, 10, 20, 60);
    expect(sampler.keyframesOnly).toBe(true);
    expect(slow.decodedAt).toEqual(slow.sampled);
    expect(slow.sampled).toEqual([10, 12, 16, 18]);
  });

  /** Plays 6 s at 10 fps with a 2 s GOP, keeping what is dropped since each keyframe as a source does. */
  function replaying(sampler: FrameSampler, switchAt: number, intervalS: number) {
    let kept: number[] = [];
    const replays: Array<[number, number[]]> = [];
    const sampled: number[] = [];
    for (let i = 0; i < 60; i++) {
      const time = i / 10;
      const key = i % 20 === 0;
      if (i === switchAt) sampler.setInterval(intervalS);
      const decision = sampler.decide(time, key, true);
      if (key) kept = [];
      if (decision === "skip") {
        kept.push(time);
        continue;
      }
      if (decision === "replay") {
        replays.push([time, kept]);
        kept = [];
      }
      if (sampler.shouldSample(time, key)) sampled.push(time);
    }
    return { replays, sampled };
  }

  it("replays the packets dropped since the keyframe when the caller kept them, and samples the current picture", () => {
    // Just after a sampled keyframe, as when a gate's analysis of it sees a truck.
    const afterSample = replaying(new FrameSampler(3), 45, 0.5);
    expect(afterSample.replays).toEqual([[4.5, [4.1, 4.2, 4.3, 4.4]]]);
    expect(afterSample.sampled).toEqual([0, 4, 4.5, 5, 5.5]);
    // The 2 s keyframe was not due, so the replay starts with it: the decoder then has the whole GOP.
    const undueKeyframe = replaying(new FrameSampler(3), 25, 0.5);
    expect(undueKeyframe.replays).toEqual([[2.5, [2, 2.1, 2.2, 2.3, 2.4]]]);
    expect(undueKeyframe.sampled).toEqual([0, 2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
  });

  it("keeps decoding a GOP it holds in full, sampling from the next picture when the new due time is past", () => {
    const sampler = new FrameSampler(0.5);
    expect(run(sampler, 1.3, 10, 20).sampled).toEqual([0, 0.5, 1]);
    sampler.setInterval(0.2);
    expect(run(sampler, 2, 10, 20, 13).sampled).toEqual([1.3, 1.5, 1.7, 1.9]);
    sampler.setInterval(0.5);
    expect(run(sampler, 3, 10, 20, 20).sampled).toEqual([2.4, 2.9]);
  });
});
