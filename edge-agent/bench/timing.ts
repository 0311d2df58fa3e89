/** Median / p95 of `runs` timed calls after `warmup` untimed ones. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = 3,
): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

export const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;

/** The q-quantile (nearest rank) of `values`; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
