import { cpuUsage, memoryUsage, uptime } from "node:process";

export interface ProcessFigures {
  uptimeS: number;
  /** CPU since the previous reading, 100 = one core. */
  cpuPct: number;
  memRssMb: number;
}

/**
 * The agent process's own figures for the heartbeat. Each reading measures CPU since the one before,
 * so a heartbeat shows the load of its interval rather than an average since start.
 */
export function processFigures(): () => ProcessFigures {
  let lastCpu = cpuUsage();
  let lastAt = Date.now();
  return () => {
    const now = Date.now();
    const cpu = cpuUsage(lastCpu);
    const cpuPct = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastAt)) * 100;
    lastCpu = cpuUsage();
    lastAt = now;
    return {
      uptimeS: Math.floor(uptime()),
      // The protocol's bound: 256 cores.
      cpuPct: Math.min(25_600, cpuPct),
      memRssMb: memoryUsage().rss / 2 ** 20,
    };
  };
}
