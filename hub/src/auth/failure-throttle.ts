export interface ThrottlePolicy {
  /** Failures within `windowMs` that start a lockout. */
  maxFailures: number;
  windowMs: number;
  /** The first lockout; each further one (without a success in between) lasts twice as long. */
  lockoutMs: number;
  maxLockoutMs: number;
  /** Keys remembered at most; the least recently touched is forgotten first. */
  maxEntries: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Lockouts so far; the exponent of the next one's length. */
  lockouts: number;
  touched: number;
}

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts failed attempts per key (an account, an address) and locks the key out for a while once too
 * many happen close together: `maxFailures` within `windowMs`, then `lockoutMs`, doubling up to
 * `maxLockoutMs`. While locked, attempts are refused without checking their credentials: that is what
 * keeps a flood cheap, and it also means a correct password is refused until the lockout ends.
 * Memory is bounded by `maxEntries` (a Map kept in least-recently-touched order).
 */
export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly policy: ThrottlePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): ThrottleCheck {
    const entry = this.entries.get(key);
    if (!entry) return { allowed: true };
    const now = this.now();
    if (entry.lockedUntil > now) {
      this.touch(key, entry, now);
      return { allowed: false, retryAfterMs: entry.lockedUntil - now };
    }
    if (this.forgettable(entry, now)) this.entries.delete(key);
    return { allowed: true };
  }

  /** Records a failure; returns the lockout it started, if any. */
  fail(key: string): ThrottleCheck {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry && this.forgettable(entry, now)) entry = undefined;
    entry ??= { failures: 0, windowStart: now, lockedUntil: 0, lockouts: 0, touched: now };
    if (now - entry.windowStart > this.policy.windowMs) {
      entry.failures = 0;
      entry.windowStart = now;
    }
    entry.failures += 1;
    this.touch(key, entry, now);
    if (entry.failures < this.policy.maxFailures) return { allowed: true };
    const length = Math.min(this.policy.maxLockoutMs, this.policy.lockoutMs * 2 ** entry.lockouts);
    entry.lockouts += 1;
    entry.lockedUntil = now + length;
    entry.failures = 0;
    entry.windowStart = now + length;
    return { allowed: false, retryAfterMs: length };
  }

  /** A success clears the key's failures and its lockout history. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  // Quiet for longer than the longest lockout and the window: the key starts afresh.
  private forgettable(entry: Entry, now: number): boolean {
    const quiet = Math.max(this.policy.windowMs, this.policy.maxLockoutMs) * 2;
    return entry.lockedUntil <= now && now - entry.touched > quiet;
  }

  private touch(key: string, entry: Entry, now: number): void {
    entry.touched = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.policy.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
