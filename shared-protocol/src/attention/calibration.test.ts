import { describe, expect, it } from "vitest";
import { Calibrator } from "./calibration.js";
import { attentionThresholdsSchema, defaultAttentionThresholds } from "./thresholds.js";

describe("Calibrator", () => {
  it("takes an upper percentile of EAR, so blinks and a mid-blink start do not lower it", () => {
    const c = new Calibrator();
    // 60 samples: 50 open around 0.31, 10 closed (0.08) including the first ones.
    for (let i = 0; i < 60; i++) c.add(i < 4 || i % 9 === 0 ? 0.08 : 0.31 + (i % 3) * 0.005, 0, 0);
    const open = c.result(20).openEar;
    expect(open).toBeGreaterThanOrEqual(0.31);
    expect(open).toBeLessThanOrEqual(0.3201);
  });

  it("takes median yaw and pitch, ignoring a glance away", () => {
    const c = new Calibrator();
    for (let i = 0; i < 40; i++) c.add(0.3, i < 10 ? 50 : 6, i < 10 ? -30 : -4);
    const r = c.result(20);
    expect(r.neutralYaw).toBeCloseTo(6, 0);
    expect(r.neutralPitch).toBeCloseTo(-4, 0);
  });

  it("limits the neutral pose: a session started looking away still calibrates to near-frontal", () => {
    const c = new Calibrator();
    for (let i = 0; i < 40; i++) c.add(0.3, 60, -45);
    expect(c.result(20)).toMatchObject({ neutralYaw: 20, neutralPitch: -20 });
  });

  it("clamps out-of-range input into its histograms", () => {
    const c = new Calibrator();
    c.add(2, 500, -500);
    expect(c.samples).toBe(1);
    expect(c.result(90)).toEqual({ openEar: 1, neutralYaw: 90, neutralPitch: -90 });
  });
});

describe("attention thresholds", () => {
  it("has defaults for everything, overridable per site", () => {
    expect(defaultAttentionThresholds.drowsyMs).toBe(1000);
    expect(attentionThresholdsSchema.parse({ distractedMs: 5000 })).toEqual({
      ...defaultAttentionThresholds,
      distractedMs: 5000,
    });
  });

  it("keeps the blink window shorter than drowsiness, so a closure is one or the other", () => {
    expect(defaultAttentionThresholds.blinkMaxMs).toBeLessThan(defaultAttentionThresholds.drowsyMs);
    expect(defaultAttentionThresholds.closedEarRatio).toBeLessThan(defaultAttentionThresholds.openEarRatio);
  });

  it("rejects out-of-range values", () => {
    expect(attentionThresholdsSchema.safeParse({ yawnMar: 3 }).success).toBe(false);
    expect(attentionThresholdsSchema.safeParse({ distractedYawDeg: 120 }).success).toBe(false);
    expect(attentionThresholdsSchema.safeParse({ absentMs: 1.5 }).success).toBe(false);
  });
});
