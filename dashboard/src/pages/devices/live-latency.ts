/**
 * "Camera → this dashboard", measured in the browser: for each live `seat:change` that carries the
 * capture time of the frame that decided it, receive time minus capture time, per device, over a small
 * rolling window. The browser's clock is brought to the hub's with the offset `server:hello` gives
 * (hub time when it greeted this connection minus the time the greeting arrived, so the one-way delay
 * of that greeting, a few ms on a LAN, remains); the device's clock is assumed to agree with the hub's
 * (the hub counts captures "from its future" in sitewatch_e2e_clock_skew_total).
 */

export interface LiveLatencyFigures {
  p50: number;
  samples: number;
}

/** Changes older than this on arrival are a backlog replayed after an outage, not live latency. */
export const LIVE_MAX_AGE_MS = 60_000;

export class LiveLatency {
  private offsetMs: number | undefined;
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly size = 50) {}

  /** A `server:hello`: the hub's time `serverTime`, arrived when this browser's clock read `receivedAt`. */
  hubTime(serverTime: number, receivedAt: number): void {
    this.offsetMs = serverTime - receivedAt;
  }

  /** Whether the figures are on the hub's clock, or on the browser's because no greeting was seen yet. */
  get corrected(): boolean {
    return this.offsetMs !== undefined;
  }

  /** Records one change; false when it does not count (no capture time, or a replayed backlog). */
  observe(device: string, capturedAt: number | undefined, receivedAt: number): boolean {
    if (capturedAt === undefined) return false;
    const ms = Math.max(0, receivedAt + (this.offsetMs ?? 0) - capturedAt);
    if (ms > LIVE_MAX_AGE_MS) return false;
    const window = this.windows.get(device) ?? [];
    window.push(ms);
    if (window.length > this.size) window.shift();
    this.windows.set(device, window);
    return true;
  }

  /** Median of the device's recent changes (nearest rank), or null before its first one. */
  figures(device: string): LiveLatencyFigures | null {
    const window = this.windows.get(device);
    if (!window || window.length === 0) return null;
    const sorted = [...window].sort((a, b) => a - b);
    const p50 = sorted[Math.ceil(sorted.length / 2) - 1] as number;
    return { p50, samples: sorted.length };
  }
}
