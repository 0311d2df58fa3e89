import { monitorEventLoopDelay } from "node:perf_hooks";
import type { PhaseResult } from "./bench-protocol.js";
import { LatencyRecorder } from "./latency.js";

/** Counters and latencies of one load phase, on this process's performance.now() clock. */
export class Phase {
  sent = 0;
  acked = 0;
  delivered = 0;
  committed = 0;
  throttled = 0;
  dashboardDisconnects = 0;
  firstPublish = Number.NaN;
  lastPublish = Number.NaN;
  lastDelivery = Number.NaN;
  lastCommit = Number.NaN;
  readonly puback = new LatencyRecorder();
  readonly dashboard = new LatencyRecorder();
  readonly commit = new LatencyRecorder();
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });
  private readonly cpuAtStart = process.cpuUsage();
  private readonly startedAt = performance.now();

  constructor(
    readonly label: string,
    /** Whether rows of this phase raise commit notifications (seat_events only). */
    readonly tracksCommit: boolean,
  ) {
    this.loop.enable();
  }

  get inFlight(): number {
    return this.sent - this.acked;
  }

  result(): PhaseResult {
    this.loop.disable();
    const cpu = process.cpuUsage(this.cpuAtStart);
    const wallMs = performance.now() - this.startedAt;
    const end = this.tracksCommit ? this.lastCommit : this.lastDelivery;
    return {
      label: this.label,
      sent: this.sent,
      sendMs: this.lastPublish - this.firstPublish,
      puback: this.puback.summary(),
      dashboard: this.dashboard.summary(),
      commit: this.commit.summary(),
      spanMs: end - this.firstPublish,
      deliverySpanMs: this.lastDelivery - this.firstPublish,
      loadLoopP99Ms: this.loop.percentile(99) / 1e6,
      loadCpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      throttled: this.throttled,
      dashboardDisconnects: this.dashboardDisconnects,
    };
  }
}

interface Entry {
  t0: number;
  phase: Phase;
}

/**
 * Remembers when each event was published so the dashboard's copy (matched by event id) and the
 * commit notification (matched by device and sequence number) can be timed against it.
 */
export class EventBook {
  private readonly byId = new Map<string, Entry>();
  private readonly byDeviceSeq = new Map<string, Entry>();

  published(phase: Phase, id: string, device: string, seq: number, t0: number): void {
    const entry = { t0, phase };
    if (phase.sent === 0) phase.firstPublish = t0;
    phase.sent += 1;
    phase.lastPublish = t0;
    this.byId.set(id, entry);
    if (phase.tracksCommit) this.byDeviceSeq.set(`${device}#${seq}`, entry);
  }

  delivered(id: string, now: number): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    entry.phase.delivered += 1;
    entry.phase.lastDelivery = now;
    entry.phase.dashboard.add(now - entry.t0);
  }

  committed(device: string, seq: number, now: number): void {
    const key = `${device}#${seq}`;
    const entry = this.byDeviceSeq.get(key);
    if (!entry) return;
    this.byDeviceSeq.delete(key);
    entry.phase.committed += 1;
    entry.phase.lastCommit = now;
    entry.phase.commit.add(now - entry.t0);
  }

  /** Events a finished phase never saw delivered are forgotten, so they cannot leak into the next. */
  forget(phase: Phase): void {
    for (const [k, e] of this.byId) if (e.phase === phase) this.byId.delete(k);
    for (const [k, e] of this.byDeviceSeq) if (e.phase === phase) this.byDeviceSeq.delete(k);
  }
}
