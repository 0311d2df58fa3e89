/**
 * Counts the live frames a hub accepted from its devices, as its own Prometheus counter says
 * (`sitewatch_ingest_accepted_total{kind="liveFrame"}`), by polling `/metrics`. Counted at the hub
 * rather than at a viewer, because a hub forwards frames only to viewers: once the last one has gone, a
 * device that kept streaming would be invisible to every socket but not to this counter.
 */
export interface HubLiveFrames {
  /** Frames counted so far. */
  readonly count: number;
  /** When a poll first saw the count grow (epoch ms), undefined before any growth. */
  readonly lastGrowthAt: number | undefined;
  /** Every growth seen: when, and the count then. */
  readonly growths: readonly { at: number; count: number }[];
  /** Resolves after the next completed poll, so a caller can read a count at least as fresh as now. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const LINE = /^sitewatch_ingest_accepted_total\{kind="liveFrame"\} (\d+(?:\.\d+)?)$/m;

/** The hub's live frame count now; 0 before its first frame (the labelled series does not exist yet). */
export async function hubLiveFrameCount(hubUrl: string): Promise<number> {
  const res = await fetch(`${hubUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  return Number(LINE.exec(await res.text())?.[1] ?? 0);
}

/** Polls every `everyMs` until stopped; a growth's time is known to within one poll. */
export async function watchHubLiveFrames(hubUrl: string, everyMs = 100): Promise<HubLiveFrames> {
  let count = await hubLiveFrameCount(hubUrl);
  let lastGrowthAt: number | undefined;
  const growths: { at: number; count: number }[] = [];
  let waiters: (() => void)[] = [];
  let running = true;
  let failure: unknown;
  const loop = (async () => {
    while (running) {
      try {
        const now = await hubLiveFrameCount(hubUrl);
        if (now > count) {
          lastGrowthAt = Date.now();
          growths.push({ at: lastGrowthAt, count: now });
        }
        count = now;
      } catch (err) {
        failure = err;
      }
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    get count() {
      return count;
    },
    get lastGrowthAt() {
      return lastGrowthAt;
    },
    growths,
    settle: () => {
      if (failure) return Promise.reject(failure);
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Waits until no frame has reached the hub for `quietMs` and returns when the last one arrived, or
 * throws when frames still arrive `timeoutMs` after `since`.
 */
export async function untilQuiet(
  frames: HubLiveFrames,
  since: number,
  quietMs: number,
  timeoutMs: number,
): Promise<{ lastAt: number; quietForMs: number }> {
  for (;;) {
    await frames.settle();
    const now = Date.now();
    const lastAt = Math.max(since, frames.lastGrowthAt ?? since);
    if (now - lastAt >= quietMs) return { lastAt, quietForMs: now - lastAt };
    if (now - since > timeoutMs)
      throw new Error(`live frames still reach the hub ${now - since} ms after the viewer left`);
  }
}
