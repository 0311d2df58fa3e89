import { describe, expect, it } from "vitest";
import { LIVE_MAX_AGE_MS, LiveLatency } from "./live-latency.js";

describe("LiveLatency", () => {
  it("uses the browser clock until the hub's time is known, then the hub's", () => {
    const l = new LiveLatency();
    expect(l.corrected).toBe(false);
    expect(l.observe("d", 1_000, 1_400)).toBe(true);
    expect(l.figures("d")).toEqual({ p50: 400, samples: 1 });
    // The browser is 300 ms ahead of the hub: the same arrival is 300 ms less on the hub's clock.
    l.hubTime(10_000, 10_300);
    expect(l.corrected).toBe(true);
    l.observe("e", 1_000, 1_400);
    expect(l.figures("e")).toEqual({ p50: 100, samples: 1 });
  });

  it("clamps a capture from the future to 0 and drops a backlog older than a minute", () => {
    const l = new LiveLatency();
    l.observe("d", 2_000, 1_000);
    expect(l.figures("d")?.p50).toBe(0);
    expect(l.observe("d", 0, LIVE_MAX_AGE_MS + 1)).toBe(false);
    expect(l.observe("d", undefined, 5)).toBe(false);
    expect(l.figures("d")?.samples).toBe(1);
  });

  it("keeps a bounded window of the newest changes per device", () => {
    const l = new LiveLatency(3);
    for (const ms of [5_000, 5_000, 10, 20, 30]) l.observe("d", 0, ms);
    expect(l.figures("d")).toEqual({ p50: 20, samples: 3 });
    expect(l.figures("other")).toBeNull();
  });
});
