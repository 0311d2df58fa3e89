import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryDelayMs } from "./backoff.js";

const exact = { ...DEFAULT_RETRY, jitter: 0 };

describe("retry backoff", () => {
  it("doubles from the base after each failure and caps at the maximum", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, exact));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(retryDelayMs(5, { ...exact, maxAttempts: 20, maxMs: 100_000 })).toBe(100_000);
  });

  it("gives up after the last attempt, about an hour after the first by default", () => {
    expect(retryDelayMs(8, exact)).toBeNull();
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + (retryDelayMs(n, exact) ?? 0), 0);
    expect(total / 60_000).toBeGreaterThan(55);
    expect(total / 60_000).toBeLessThan(70);
  });

  it("spreads retries by the jitter fraction around the exact delay", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.999_999)).toBeCloseTo(36_000, -1);
  });
});
