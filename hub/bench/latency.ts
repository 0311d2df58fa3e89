/** Latency figures of one measurement, in milliseconds. */
export interface LatencySummary {
  n: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export const emptySummary: LatencySummary = {
  n: 0,
  avg: Number.NaN,
  p50: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
  max: Number.NaN,
};

/**
 * Keeps every sample rather than a bucketed histogram: a run holds a few hundred thousand at most,
 * and exact percentiles leave no doubt about bucket edges when a figure sits near its target.
 */
export class LatencyRecorder {
  private samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): LatencySummary {
    const n = this.samples.length;
    if (n === 0) return emptySummary;
    const sorted = Float64Array.from(this.samples).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    // Nearest-rank percentile: the smallest sample with at least q of all samples at or below it.
    const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] as number;
    return {
      n,
      avg: sum / n,
      p50: rank(0.5),
      p95: rank(0.95),
      p99: rank(0.99),
      max: sorted[n - 1] as number,
    };
  }
}
