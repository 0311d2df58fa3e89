import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface ProcessSample {
  rssMaxMb: number;
  rssEndMb: number;
  cpuPct: number;
  loopP99Ms: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** The hub process's own RSS (peak, sampled every 100 ms), CPU share of one core and event-loop delay. */
export class ProcessSampler {
  private rssMax = 0;
  private timer: NodeJS.Timeout | undefined;
  private cpu = process.cpuUsage();
  private started = performance.now();
  private loop = monitorEventLoopDelay({ resolution: 5 });

  begin(): void {
    this.end();
    this.rssMax = process.memoryUsage.rss();
    this.cpu = process.cpuUsage();
    this.started = performance.now();
    this.loop = monitorEventLoopDelay({ resolution: 5 });
    this.loop.enable();
    this.timer = setInterval(() => {
      this.rssMax = Math.max(this.rssMax, process.memoryUsage.rss());
    }, 100);
  }

  end(): ProcessSample {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.loop.disable();
    const rss = process.memoryUsage.rss();
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = performance.now() - this.started;
    return {
      rssMaxMb: mb(Math.max(this.rssMax, rss)),
      rssEndMb: mb(rss),
      cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      loopP99Ms: this.loop.percentile(99) / 1e6,
    };
  }
}

export const rssMb = () => mb(process.memoryUsage.rss());

/**
 * Busy CPU seconds of the whole machine so far (all cores, from /proc/stat). Whatever of it the hub,
 * PostgreSQL and the load process did not use belongs to other programs, which a shared machine may run.
 */
export function machineBusySeconds(): number {
  try {
    const cpu =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
    const busy = cpu.reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    return busy / 100;
  } catch {
    return Number.NaN;
  }
}
