import { describe, expect, it } from "vitest";
import { SessionClock } from "./session-clock.js";

describe("SessionClock", () => {
  it("maps learner time to the hub's by the first sample's skew", () => {
    const clock = new SessionClock();
    clock.observe(1_000, 61_000);
    clock.observe(2_000, 70_000);
    expect(clock.toHub(2_000)).toBe(62_000);
    expect(clock.aheadBy(12_000, 62_000)).toBe(10_000);
  });

  it("cuts paused spans out of tracked time and puts them back when mapping out", () => {
    const clock = new SessionClock();
    clock.observe(0, 0);
    expect(clock.toTracked(5_000)).toBe(5_000);
    clock.pause(5_000);
    expect(clock.paused).toBe(true);
    expect(clock.pausedMs(8_000)).toBe(3_000);
    clock.resume(9_000, 5_000);
    expect(clock.paused).toBe(false);
    // A sample captured at 10 s lies 1 s of tracking after the pause began.
    expect(clock.toTracked(10_000)).toBe(6_000);
    expect(clock.toLearner(6_000)).toBe(10_000);
    // Times before the pause keep their place.
    expect(clock.toLearner(4_000)).toBe(4_000);
    expect(clock.toLearner(5_000)).toBe(5_000);
    clock.pause(20_000);
    clock.resume(21_000, 16_000);
    expect(clock.pausedMs(30_000)).toBe(5_000);
    expect(clock.toLearner(17_000)).toBe(22_000);
    expect(clock.toLearner(15_000)).toBe(19_000);
  });
});
