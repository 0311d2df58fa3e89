/**
 * Reconnect delays: 1 s, 2 s, 4 s … capped at 30 s, with a little jitter so cameras that dropped together
 * (a switch reboot) do not all reconnect in the same instant. A stream that stayed healthy for a while resets
 * the sequence, so a camera that hiccups once a day starts again at 1 s instead of 30 s.
 */

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay added at random, 0..1; default 0.1. */
  jitter?: number;
  /** Streaming this long counts as healthy and resets the delays; default 60 s. */
  healthyAfterMs?: number;
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  readonly healthyAfterMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.1;
    this.healthyAfterMs = options.healthyAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** Consecutive failed attempts so far. */
  get attempt(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures += 1;
    const delay = base + base * this.jitter * this.random();
    return Math.round(Math.min(this.maxMs, delay));
  }

  /**
   * Tells the backoff how long the last connection streamed before it broke; only a long enough run resets
   * it, so a camera that connects and drops at once keeps backing off.
   */
  ranFor(ms: number): void {
    if (ms >= this.healthyAfterMs) this.failures = 0;
  }

  reset(): void {
    this.failures = 0;
  }
}

/** Waits `ms`, or less when the signal aborts (a restart request cuts a retry delay short); never rejects. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
