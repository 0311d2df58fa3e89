/**
 * Bounds and timeouts of live focus sessions. A session costs the hub a little memory and CPU per
 * sample, so every way a client could make it cost more (many sessions, fast samples, sessions left
 * open) has a limit here; the hub's options may change them (tests, the benchmark).
 */
export interface FocusLimits {
  /** Live sessions one user may hold at once (several tabs, a phone). */
  sessionsPerUser: number;
  /** Live sessions on this instance. */
  sessions: number;
  /** Samples a second a session may send (30 is the browser's rate), and how many may come at once. */
  samplesPerSecond: number;
  burst: number;
  /** A capture time further ahead of the hub's clock than this (after the skew) is dropped. */
  maxAheadMs: number;
  /** No sample for this long ends a running session; a paused one waits `pausedIdleMs`. */
  idleMs: number;
  pausedIdleMs: number;
  /** How long a session waits for its learner to reconnect after the connection dropped. */
  graceMs: number;
  /** How often timeouts are checked. */
  sweepMs: number;
}

export const defaultFocusLimits: FocusLimits = {
  sessionsPerUser: 3,
  sessions: 5_000,
  samplesPerSecond: 40,
  burst: 40,
  maxAheadMs: 5_000,
  idleMs: 60_000,
  pausedIdleMs: 30 * 60_000,
  graceMs: 30_000,
  sweepMs: 1_000,
};
