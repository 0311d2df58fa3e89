import { setTimeout as sleep } from "node:timers/promises";
import type { PhaseResult } from "./bench-protocol.js";
import { type Built, type SimDevice, seatChange } from "./device-fleet.js";
import type { EventBook, Phase } from "./event-book.js";
import type { SendOne } from "./pacing.js";

/** Builds a publisher of `build`'s events that books each one in `phase` before it leaves. */
export function publisher(
  book: EventBook,
  phase: Phase,
  build: (d: SimDevice) => Built = seatChange,
  topic: (d: SimDevice) => string = (d) => d.seatTopic,
): SendOne<SimDevice> {
  return (d, onAck) => {
    const event = build(d);
    const t0 = performance.now();
    book.published(phase, event.id, d.device, event.seq, t0);
    d.client.publish(topic(d), event.payload, { qos: 1 }, (err) => {
      if (!err) phase.puback.add(performance.now() - t0);
      onAck();
    });
  };
}

export interface DrainOptions {
  commits: boolean;
  deliveries: boolean;
  timeoutMs: number;
  /** Stop waiting once nothing more has arrived for this long (e.g. a dashboard that was cut off). */
  stallMs?: number;
}

/** Waits until every event of the phase was acknowledged, committed and/or delivered; bounded in time. */
export async function drain(phase: Phase, opts: DrainOptions): Promise<void> {
  const deadline = performance.now() + opts.timeoutMs;
  const stallMs = opts.stallMs ?? 5_000;
  let seen = -1;
  let lastProgress = performance.now();
  while (performance.now() < deadline) {
    const done =
      phase.acked >= phase.sent &&
      (!opts.commits || phase.committed >= phase.sent) &&
      (!opts.deliveries || phase.delivered >= phase.sent);
    if (done) return;
    const progress = phase.acked + phase.committed + phase.delivered;
    if (progress !== seen) {
      seen = progress;
      lastProgress = performance.now();
    } else if (performance.now() - lastProgress > stallMs) return;
    await sleep(10);
  }
}

/** One line per phase on stderr, so a long run shows where it is. */
export function logPhase(r: PhaseResult): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");
  console.error(
    `[load] ${r.label}: sent ${r.sent} in ${f(r.sendMs)} ms; dashboard ${r.dashboard.n} p50/p99 ${f(r.dashboard.p50)}/${f(
      r.dashboard.p99,
    )} ms; commit ${r.commit.n} p50/p99 ${f(r.commit.p50)}/${f(r.commit.p99)} ms; puback p99 ${f(r.puback.p99)} ms; ` +
      `span ${f(r.spanMs)} ms; throttled ${r.throttled}; load loop p99 ${f(r.loadLoopP99Ms)} ms, cpu ${f(r.loadCpuPct)} %`,
  );
}
