import { describe, expect, expectTypeOf, it } from "vitest";
import { attentionStateSchema, type AttentionState as WireState } from "../messages/attention.js";
import { AttentionMachine, type AttentionState } from "./attention-machine.js";
import { alertsOf, changesOf, feed, sample } from "./attention-test-streams.test-support.js";

/** MAR of a yawn: opening over ~0.6 s to `peak`, held, closing over ~0.6 s. */
function yawn(start: number, holdMs: number, peak = 0.9) {
  return (at: number) => {
    const t = at - start;
    if (t < 0 || t > holdMs + 1200) return sample();
    const mar = t < 600 ? (peak * t) / 600 : t < 600 + holdMs ? peak : (peak * (holdMs + 1200 - t)) / 600;
    return sample({ mar: Math.max(0.05, mar) });
  };
}

describe("AttentionMachine states", () => {
  it("yawning after a wide opening held for yawnMs, one alert, back to focused after recoverMs", () => {
    const machine = new AttentionMachine();
    const updates = feed(machine, 0, 8000, yawn(3000, 2000));
    expect(changesOf(updates)).toEqual(["focused->yawning", "yawning->focused"]);
    const entered = updates.find((u) => u.changed?.to === "yawning");
    // MAR passes 0.6 at 3400 ms; the window is 1500 ms.
    expect(entered?.at).toBeGreaterThanOrEqual(4900);
    expect(entered?.at).toBeLessThan(4950);
    expect(alertsOf(updates)).toEqual([
      { kind: "yawning", since: expect.closeTo(3400, -2), durationMs: expect.any(Number) },
    ]);
    const left = updates.find((u) => u.changed?.to === "focused");
    // The mouth falls below the end level (0.45) at ~5900 ms, then recoverMs (1000 ms).
    expect(left?.at).toBeGreaterThan(6800);
    expect(left?.changed?.durationMs).toBeGreaterThan(1800);
  });

  it("a short yawn-sized opening (a shout, a laugh) is no yawn", () => {
    const updates = feed(new AttentionMachine(), 0, 6000, yawn(2500, 500));
    expect(changesOf(updates)).toEqual([]);
  });

  it("talking never yawns: MAR swinging up to 0.55 four times a second for a minute", () => {
    const machine = new AttentionMachine();
    const talk = (at: number) => sample({ mar: 0.05 + 0.5 * Math.abs(Math.sin((at / 1000) * Math.PI * 4)) });
    expect(changesOf(feed(machine, 0, 60_000, talk))).toEqual([]);
  });

  it("a smile with teeth held for minutes is no yawn", () => {
    const updates = feed(new AttentionMachine(), 0, 120_000, () => sample({ mar: 0.3, ear: 0.26 }));
    expect(changesOf(updates)).toEqual([]);
  });

  it("drowsy when the eyes stay closed for drowsyMs, not for a long blink", () => {
    const machine = new AttentionMachine();
    const eyes = (at: number) =>
      sample({ ear: (at >= 3000 && at < 3600) || (at >= 5000 && at < 6500) ? 0.08 : 0.3 });
    const updates = feed(machine, 0, 9000, eyes);
    expect(changesOf(updates)).toEqual(["focused->drowsy", "drowsy->focused"]);
    const entered = updates.find((u) => u.changed?.to === "drowsy");
    expect(entered?.at).toBeGreaterThanOrEqual(6000);
    expect(entered?.at).toBeLessThan(6050);
    expect(alertsOf(updates)[0]).toMatchObject({ kind: "drowsy", since: expect.closeTo(5000, -2) });
  });

  it("distracted when the head stays turned past the calibrated neutral pose for distractedMs", () => {
    const machine = new AttentionMachine();
    // This person sits with the head turned 12° and tilted 8° by habit: that is their neutral.
    const head = (at: number) => sample({ yaw: at >= 4000 && at < 9000 ? 45 : 12, pitch: 8 });
    const updates = feed(machine, 0, 12_000, head);
    expect(machine.calibration?.neutralYaw).toBeCloseTo(12, 0);
    expect(changesOf(updates)).toEqual(["focused->distracted", "distracted->focused"]);
    const entered = updates.find((u) => u.changed?.to === "distracted");
    expect(entered?.at).toBeGreaterThanOrEqual(7000);
    expect(entered?.at).toBeLessThan(7050);
  });

  it("a glance away or a look down shorter than distractedMs is not distraction", () => {
    const head = (at: number) =>
      sample({ yaw: at >= 3000 && at < 5000 ? -50 : 0, pitch: at >= 7000 && at < 9500 ? -35 : 0 });
    expect(changesOf(feed(new AttentionMachine(), 0, 12_000, head))).toEqual([]);
  });

  it("absent after absentMs without a face; a one-frame false face does not end the absence", () => {
    const machine = new AttentionMachine();
    const face = (at: number) => (at < 2000 || (at >= 3500 && at < 3534) ? sample() : null);
    const updates = feed(machine, 0, 6000, face);
    expect(changesOf(updates)).toEqual(["focused->absent"]);
    const entered = updates.find((u) => u.changed?.to === "absent");
    expect(entered?.at).toBeGreaterThanOrEqual(5000);
    expect(entered?.at).toBeLessThan(5050);
    expect(alertsOf(updates)).toEqual([
      { kind: "absent", since: expect.closeTo(2000, 3), durationMs: expect.closeTo(3000, -2) },
    ]);
  });

  it("hysteresis: a state holds through short breaks and ends only after recoverMs clear", () => {
    const machine = new AttentionMachine({ recoverMs: 1500 });
    // Away from 2 s; back for 0.5 s at 7 s (too short to recover); back for good at 9 s.
    const face = (at: number) => (at < 2000 || (at >= 7000 && at < 7500) || at >= 9000 ? sample() : null);
    const updates = feed(machine, 0, 12_000, face);
    expect(changesOf(updates)).toEqual(["focused->absent", "absent->focused"]);
    const back = updates.find((u) => u.changed?.to === "focused");
    // The face must be seen presentMs (300) to count as back, then recoverMs (1500).
    expect(back?.at).toBeGreaterThanOrEqual(10_800);
    expect(back?.at).toBeLessThan(10_850);
    expect(machine.since).toBe(back?.at);
  });

  it("alerts once per kind and episode, and again in the next episode", () => {
    const machine = new AttentionMachine();
    // Turns away at 2 s, the face is lost at 6 s, found (still turned) at 10 s, frontal again at 13 s;
    // a second turn away at 16 s.
    const face = (at: number) => {
      if (at >= 6000 && at < 10_000) return null;
      return sample({ yaw: (at >= 2000 && at < 13_000) || at >= 16_000 ? 60 : 0 });
    };
    const updates = feed(machine, 0, 20_000, face);
    expect(changesOf(updates)).toEqual([
      "focused->distracted",
      "distracted->absent",
      "absent->distracted",
      "distracted->focused",
      "focused->distracted",
    ]);
    // A face lost while turned away stays "distracted" until absentMs has passed.
    expect(updates.find((u) => u.changed?.to === "absent")?.at).toBeGreaterThanOrEqual(9000);
    expect(alertsOf(updates).map((a) => a.kind)).toEqual(["distracted", "absent", "distracted"]);
  });

  it("reports calibration once the window has passed, and works on uneven sample timing", () => {
    const machine = new AttentionMachine({ calibrationMs: 1000 });
    const times = [0, 10, 300, 310, 900, 905, 1001, 1400, 1402];
    const calibrated = times.map((at) => machine.push({ at, face: sample() }).calibrated);
    expect(calibrated).toEqual([false, false, false, false, false, false, true, true, true]);
    expect(machine.calibration?.openEar).toBeCloseTo(0.3, 2);
  });

  it("rejects invalid thresholds", () => {
    expect(() => new AttentionMachine({ closedEarRatio: 1.5 })).toThrow();
    expect(() => new AttentionMachine({ drowsyMs: -1 })).toThrow();
  });
});

describe("AttentionState", () => {
  it("is the wire protocol's state union", () => {
    expectTypeOf<AttentionState>().toEqualTypeOf<WireState>();
    const states: AttentionState[] = ["focused", "drowsy", "yawning", "distracted", "absent"];
    expect([...attentionStateSchema.options].sort()).toEqual(states.sort());
  });
});
