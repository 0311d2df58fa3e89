import { readFileSync } from "node:fs";
import type { FrameRecord } from "./pipeline-camera.js";

/** The q-quantile (0..1) of `values`, NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

export interface Cycle {
  /** From the first frame's capture to the last camera's analysis done, ms. */
  durationMs: number;
  /** How far apart the cameras' frames of this cycle were captured, ms. */
  spreadMs: number;
  cameras: number;
}

/**
 * Groups analysed frames into cycles: frames captured less than half an interval after a cycle's first
 * frame belong to it. The agent has no global tick; the cameras here share one stream, so the ones whose
 * sampling grids coincide sample the same picture and arrive together. At 1 s every camera does; at 3 s on
 * a 2 s keyframe interval each camera samples two keyframes in three, so a cycle holds only part of them.
 */
export function cycles(records: readonly FrameRecord[], intervalMs: number): Cycle[] {
  const sorted = [...records].sort((a, b) => a.capturedAt - b.capturedAt);
  const out: Cycle[] = [];
  let group: FrameRecord[] = [];
  const close = () => {
    const first = group[0];
    if (first === undefined) return;
    const last = group.reduce((m, r) => Math.max(m, r.doneAt), 0);
    const captured = group.reduce((m, r) => Math.max(m, r.capturedAt), 0);
    out.push({
      durationMs: last - first.capturedAt,
      spreadMs: captured - first.capturedAt,
      cameras: new Set(group.map((r) => r.camera)).size,
    });
  };
  for (const record of sorted) {
    const first = group[0];
    if (first !== undefined && record.capturedAt - first.capturedAt >= intervalMs / 2) {
      close();
      group = [];
    }
    group.push(record);
  }
  close();
  return out;
}

/** Busy CPU ms of the whole machine so far (Linux /proc/stat; undefined elsewhere). */
function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (!fields || fields.length < 5) return undefined;
    // user nice system idle iowait irq softirq steal …: busy = user, nice, system, irq, softirq. Steal is time
    // the hypervisor gave to other VMs, not work on this machine. USER_HZ is 100 on Linux.
    const busy = [0, 1, 2, 5, 6].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
    return busy * 10;
  } catch {
    return undefined;
  }
}

/** Process CPU (all threads, so up to 200 % on two cores) and RSS, sampled for peaks. */
export class ResourceMonitor {
  private cpu = process.cpuUsage();
  private machine = machineBusyMs();
  private wall = performance.now();
  private peakRss = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
    this.sample();
  }

  /** Starts a new measuring window for `cpuPercent` and `peakRssMb`. */
  reset(): void {
    this.cpu = process.cpuUsage();
    this.machine = machineBusyMs();
    this.wall = performance.now();
    this.peakRss = process.memoryUsage().rss;
  }

  /** CPU time used since `reset`, ms. */
  cpuMs(): number {
    const used = process.cpuUsage(this.cpu);
    return (used.user + used.system) / 1000;
  }

  /** CPU since `reset` as a percentage of one core. */
  cpuPercent(): number {
    return (100 * this.cpuMs()) / (performance.now() - this.wall);
  }

  /** CPU used since `reset` by everything else on the machine (RTSP server, other programs), % of one core. */
  othersPercent(): number {
    const now = machineBusyMs();
    if (now === undefined || this.machine === undefined) return Number.NaN;
    return Math.max(0, (100 * (now - this.machine - this.cpuMs())) / (performance.now() - this.wall));
  }

  peakRssMb(): number {
    this.sample();
    return this.peakRss / 2 ** 20;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
  }
}
