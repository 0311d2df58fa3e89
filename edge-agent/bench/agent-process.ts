import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cliArgv } from "../src/agent-config/run-cli.test-support.js";

/**
 * `edge-agent run` as a child process, as a site runs it, so its CPU and memory are its own and not
 * mixed with the hub, browser driver and bookkeeping of the benchmark that drives it.
 */
export interface AgentProcess {
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** User + system CPU seconds so far, its own threads included (from /proc). */
  cpuSeconds(): number;
  /** Resident memory now, MB. */
  rssMb(): number;
  /** SIGTERM, then waits for it to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function spawnAgent(configPath: string, args: readonly string[] = []): AgentProcess {
  // The two variables `run` would otherwise restart itself with (a second process whose CPU we would miss).
  const env = { ...process.env, UV_THREADPOOL_SIZE: "24", MALLOC_ARENA_MAX: "2" };
  const child: ChildProcess = spawn(process.execPath, cliArgv(["run", "--config", configPath, ...args]), {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("edge-agent run did not start");
  const pid = child.pid;
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return {
    pid,
    output: () => out,
    cpuSeconds() {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    },
    rssMb() {
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      return Number(kb) / 1024;
    },
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** CPU use between two readings, as % of one core. */
export function cpuPercent(from: { at: number; cpu: number }, to: { at: number; cpu: number }): number {
  return (100 * (to.cpu - from.cpu)) / Math.max(0.001, (to.at - from.at) / 1000);
}
