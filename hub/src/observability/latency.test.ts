import { describe, expect, it } from "vitest";
import { DeviceLatency, RollingWindow } from "./latency.js";

function fakeMetrics() {
  const seen = { captureToHub: [] as number[], hubToEmit: [] as number[], skew: 0 };
  return {
    seen,
    metrics: {
      captureToHub: { observe: (v: number) => void seen.captureToHub.push(v) },
      hubToEmit: { observe: (v: number) => void seen.hubToEmit.push(v) },
      clockSkew: { inc: () => void seen.skew++ },
    },
  };
}

describe("RollingWindow", () => {
  it("is null while empty and gives nearest-rank percentiles of what it holds", () => {
    const w = new RollingWindow(200);
    expect(w.summary()).toBeNull();
    // 1..100 shuffled: p50 is the 50th value, p95 the 95th, whatever the insertion order.
    const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    for (const v of values) w.add(v);
    expect(w.summary()).toEqual({ p50: 50, p95: 95, max: 100, samples: 100 });
  });

  it("keeps only the newest `size` values", () => {
    const w = new RollingWindow(3);
    for (const v of [1000, 2000, 1, 2, 3]) w.add(v);
    expect(w.count).toBe(3);
    expect(w.summary()).toEqual({ p50: 2, p95: 3, max: 3, samples: 3 });
  });

  it("a single value is every percentile", () => {
    const w = new RollingWindow();
    w.add(250);
    expect(w.summary()).toEqual({ p50: 250, p95: 250, max: 250, samples: 1 });
  });

  it("refuses a size that could not hold a value", () => {
    expect(() => new RollingWindow(0)).toThrow(RangeError);
  });
});

describe("DeviceLatency", () => {
  it("observes receive minus capture in seconds, per device", () => {
    const { seen, metrics } = fakeMetrics();
    const l = new DeviceLatency(metrics);
    expect(l.observeCapture("s", "d1", 10_000, 10_250)).toBe(250);
    l.observeCapture("s", "d2", 10_000, 10_040);
    expect(seen.captureToHub).toEqual([0.25, 0.04]);
    expect(l.captureToHub("s", "d1")).toEqual({ p50: 250, p95: 250, max: 250, samples: 1 });
    expect(l.captureToHub("s", "d2")?.p50).toBe(40);
    expect(l.captureToHub("s", "other")).toBeNull();
    expect(seen.skew).toBe(0);
  });

  it("clamps a capture in the hub's future to 0 and counts it as clock skew", () => {
    const { seen, metrics } = fakeMetrics();
    const l = new DeviceLatency(metrics);
    expect(l.observeCapture("s", "d", 10_500, 10_000)).toBe(0);
    expect(seen.skew).toBe(1);
    expect(seen.captureToHub).toEqual([0]);
    expect(l.captureToHub("s", "d")?.max).toBe(0);
  });

  it("forgets the device heard from least recently beyond maxDevices", () => {
    const { metrics } = fakeMetrics();
    const l = new DeviceLatency(metrics, { maxDevices: 2 });
    l.observeCapture("s", "a", 0, 10);
    l.observeCapture("s", "b", 0, 20);
    l.observeCapture("s", "a", 0, 30); // a is now the most recent
    l.observeCapture("s", "c", 0, 40);
    expect(l.captureToHub("s", "b")).toBeNull();
    expect(l.captureToHub("s", "a")?.samples).toBe(2);
    expect(l.captureToHub("s", "c")?.samples).toBe(1);
  });

  it("observes the hand-over to the broadcaster, never negative", () => {
    const { seen, metrics } = fakeMetrics();
    const l = new DeviceLatency(metrics);
    l.observeEmit(1_000, 1_002);
    l.observeEmit(1_000, 999);
    expect(seen.hubToEmit).toEqual([0.002, 0]);
  });
});
