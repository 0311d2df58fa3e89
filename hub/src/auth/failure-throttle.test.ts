import { describe, expect, it } from "vitest";
import { FailureThrottle, type ThrottlePolicy } from "./failure-throttle.js";

const policy: ThrottlePolicy = {
  maxFailures: 3,
  windowMs: 10_000,
  lockoutMs: 1_000,
  maxLockoutMs: 4_000,
  maxEntries: 100,
};

function setup(overrides: Partial<ThrottlePolicy> = {}) {
  let now = 1_000_000;
  const throttle = new FailureThrottle({ ...policy, ...overrides }, () => now);
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe("FailureThrottle", () => {
  it("locks a key out after maxFailures within the window, and lets it try again afterwards", () => {
    const { throttle, advance } = setup();
    expect(throttle.fail("k")).toEqual({ allowed: true });
    expect(throttle.fail("k")).toEqual({ allowed: true });
    expect(throttle.fail("k")).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(throttle.check("k")).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(throttle.check("other")).toEqual({ allowed: true });
    advance(400);
    expect(throttle.check("k")).toEqual({ allowed: false, retryAfterMs: 600 });
    advance(600);
    expect(throttle.check("k")).toEqual({ allowed: true });
  });

  it("doubles each further lockout up to the maximum", () => {
    const { throttle, advance } = setup();
    const lockouts: number[] = [];
    for (let round = 0; round < 5; round++) {
      let last = throttle.fail("k");
      while (last.allowed) last = throttle.fail("k");
      lockouts.push(last.retryAfterMs);
      advance(last.retryAfterMs);
    }
    expect(lockouts).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it("does not lock out failures spread wider than the window", () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 10; i++) {
      expect(throttle.fail("k").allowed).toBe(true);
      expect(throttle.fail("k").allowed).toBe(true);
      advance(10_001);
    }
  });

  it("forgets failures and lockout history on success", () => {
    const { throttle, advance } = setup();
    throttle.fail("k");
    throttle.fail("k");
    throttle.fail("k");
    advance(1_000);
    throttle.succeed("k");
    expect(throttle.fail("k").allowed).toBe(true);
    expect(throttle.fail("k").allowed).toBe(true);
    // A fresh history: the first lockout again, not the doubled one.
    expect(throttle.fail("k")).toEqual({ allowed: false, retryAfterMs: 1_000 });
  });

  it("keeps at most maxEntries keys, dropping the least recently touched", () => {
    const { throttle } = setup({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) throttle.fail(key);
    throttle.fail("a");
    throttle.fail("d");
    expect(throttle.size).toBe(3);
    // "b" was the least recently touched: its failure is gone, so two more do not lock it out.
    throttle.fail("b");
    expect(throttle.fail("b").allowed).toBe(true);
    expect(throttle.fail("a").allowed).toBe(false);
  });
});
