/**
 * When a failed delivery is tried again: exponential backoff from `baseMs`, doubling per attempt up to
 * `maxMs`, with ±`jitter` spread so many deliveries failing together (a receiver restarting) do not
 * all come back in the same second. After `maxAttempts` the delivery is given up as failed.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay, 0 … 1. */
  jitter: number;
}

/** 8 attempts: 30 s, 1, 2, 4, 8, 16 and 32 min after the failures, about an hour in all. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseMs: 30_000,
  maxMs: 60 * 60_000,
  jitter: 0.2,
};

/**
 * The delay before attempt `failed + 1`, or null when `failed` attempts are all the policy allows.
 * `random` is in [0, 1) like Math.random.
 */
export function retryDelayMs(
  failed: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): number | null {
  if (failed >= policy.maxAttempts) return null;
  const exact = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failed - 1));
  const spread = exact * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(exact + spread));
}
