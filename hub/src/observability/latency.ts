/** p50 / p95 / max of a device's recent capture → hub latencies, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  max: number;
  /** How many values the figures come from (at most the window size). */
  samples: number;
}

/**
 * The last `size` values in a ring buffer: O(1) to add, bounded memory whatever the event rate. The
 * percentiles sort a copy, which at 200 values costs microseconds and happens only when asked.
 */
export class RollingWindow {
  private readonly values: number[] = [];
  private next = 0;

  constructor(readonly size = 200) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be ≥ 1, got ${size}`);
  }

  add(value: number): void {
    if (this.values.length < this.size) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
  }

  get count(): number {
    return this.values.length;
  }

  /** Nearest-rank percentiles (each is a value that was observed); null while empty. */
  summary(): LatencySummary | null {
    if (this.values.length === 0) return null;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
    return {
      p50: rank(0.5),
      p95: rank(0.95),
      max: sorted[sorted.length - 1] as number,
      samples: sorted.length,
    };
  }
}

export interface LatencyMetrics {
  /** Histograms in seconds (prom-client's Histogram fits). */
  captureToHub: { observe(seconds: number): void };
  hubToEmit: { observe(seconds: number): void };
  /** Counts captures stamped in the hub's future: the device clock runs ahead of the hub's. */
  clockSkew: { inc(): void };
}

/**
 * End-to-end latency as the hub sees it: from the camera frame that decided a seat change (the
 * device's `capturedAt`) to the hub receiving the message, and from receiving it to handing it to the
 * dashboards' broadcaster. Prometheus gets histograms over all devices; each device also keeps a small
 * window for the device page. In memory only: figures of one instance, gone on restart, which is what a
 * "how fast is it now" figure needs (with several hub instances each reports the events it ingested).
 */
export class DeviceLatency {
  private readonly windows = new Map<string, RollingWindow>();

  constructor(
    private readonly metrics: LatencyMetrics,
    private readonly options: { windowSize?: number; maxDevices?: number } = {},
  ) {}

  /** One seat change received at `receivedAt` (hub clock) for a frame captured at `capturedAt` (device clock). */
  observeCapture(site: string, device: string, capturedAt: number, receivedAt: number): number {
    let ms = receivedAt - capturedAt;
    // A device clock ahead of the hub's gives negative latencies; count them, do not let them pull p50 below 0.
    if (ms < 0) {
      this.metrics.clockSkew.inc();
      ms = 0;
    }
    this.metrics.captureToHub.observe(ms / 1000);
    this.window(site, device).add(ms);
    return ms;
  }

  observeEmit(receivedAt: number, emittedAt: number): void {
    this.metrics.hubToEmit.observe(Math.max(0, emittedAt - receivedAt) / 1000);
  }

  /** The device's recent capture → hub figures, or null before its first stamped seat change. */
  captureToHub(site: string, device: string): LatencySummary | null {
    return this.windows.get(key(site, device))?.summary() ?? null;
  }

  private window(site: string, device: string): RollingWindow {
    const k = key(site, device);
    let w = this.windows.get(k);
    if (w) {
      // Re-insert so the map's order is least recently used first.
      this.windows.delete(k);
    } else {
      w = new RollingWindow(this.options.windowSize);
      // Bounded even if device ids churn: forget the device heard from least recently.
      const max = this.options.maxDevices ?? 10_000;
      if (this.windows.size >= max) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
    }
    this.windows.set(k, w);
    return w;
  }
}

const key = (site: string, device: string) => `${site}/${device}`;
