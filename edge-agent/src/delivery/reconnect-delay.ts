/**
 * Reconnect backoff: min, 2·min, 4·min … capped at max (1 → 2 → 4 … 30 s by default), with ±10 % jitter
 * so a site's devices do not all hit the hub in the same second after it restarts.
 */
export function reconnectDelay(
  attempt: number,
  minMs = 1_000,
  maxMs = 30_000,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  const jitter = base * 0.1 * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(maxMs, base + jitter)));
}
