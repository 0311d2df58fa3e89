import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";

describe("Backoff", () => {
  it("doubles from 1 s up to the 30 s cap", () => {
    const backoff = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.attempt).toBe(8);
  });

  it("adds bounded jitter and never exceeds the cap", () => {
    const backoff = new Backoff({ jitter: 0.1, random: () => 0.999 });
    expect(backoff.next()).toBe(1_100);
    expect(backoff.next()).toBe(2_200);
    for (let i = 0; i < 10; i++) expect(backoff.next()).toBeLessThanOrEqual(30_000);
  });

  it("resets only after a healthy run", () => {
    const backoff = new Backoff({ jitter: 0, healthyAfterMs: 60_000 });
    backoff.next();
    backoff.next();
    backoff.ranFor(5_000);
    expect(backoff.next()).toBe(4_000);
    backoff.ranFor(60_000);
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(1_000);
  });

  it("takes custom start, factor and cap", () => {
    const backoff = new Backoff({ initialMs: 100, factor: 3, maxMs: 1_000, jitter: 0 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 300, 900, 1_000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
