import { type ChildProcess, fork } from "node:child_process";
import type { LatencySummary } from "./latency.js";

/** An MQTT account of one simulated device. */
export interface DeviceCreds {
  device: string;
  username: string;
  password: string;
}

/** Everything the load process needs to reach the running hub. */
export interface HubTarget {
  mqttUrl: string;
  wsUrl: string;
  httpUrl: string;
  databaseUrl: string;
  token: string;
  site: string;
  camera: string;
  devices: DeviceCreds[];
}

/** Commands from the hub process to the load process; each gets exactly one reply. */
export type Command =
  | {
      cmd: "baseline";
      brokerUrl: string;
      devices: number;
      window: number;
      durationMs: number;
      maxMessages: number;
    }
  | { cmd: "attach"; target: HubTarget }
  | { cmd: "fixedRate"; label: string; rate: number; durationMs: number }
  | { cmd: "maxRate"; label: string; window: number; durationMs: number; maxMessages: number }
  | { cmd: "seed"; clients: number; perClientRate: number; durationMs: number }
  | { cmd: "connectMany"; mqttUrl: string; site: string; devices: DeviceCreds[]; concurrency: number }
  | { cmd: "holdMany"; heartbeatMs: number; holdMs: number }
  | { cmd: "disconnectMany" }
  | { cmd: "detach" };

/** What one load phase measured, all times on the load process's clock. */
export interface PhaseResult {
  label: string;
  sent: number;
  /** First publish → last publish. */
  sendMs: number;
  puback: LatencySummary;
  dashboard: LatencySummary;
  /** Publish → the row's commit notification (empty when the phase's events are not tracked). */
  commit: LatencySummary;
  /** First publish → last commit notification (or last delivery for the raw baseline). */
  spanMs: number;
  /** First publish → last dashboard (or raw subscriber) delivery. */
  deliverySpanMs: number;
  /** Event-loop delay p99 of the load process during the phase: a floor under every latency it reports. */
  loadLoopP99Ms: number;
  loadCpuPct: number;
  /** Publishes skipped because the in-flight cap was reached (fixed-rate phases only). */
  throttled: number;
  dashboardDisconnects: number;
}

export interface ManyResult {
  connected: number;
  failed: number;
  connectMs: number;
  heartbeats?: number;
  heartbeatsAcked?: number;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * The hub process's handle on the load process: the devices and the dashboard run in a forked child,
 * so the hub's RSS and CPU are its own. Every call is bounded by a timeout; stop() always kills.
 */
export class LoadProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly child: ChildProcess;

  constructor(script: string) {
    this.child = fork(script, [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
    this.child.on("message", (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(`load process: ${m.error}`));
    });
    this.child.on("exit", (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load process exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(command: Command, timeoutMs: number): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`load process: ${command.cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, command });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await this.call({ cmd: "detach" }, 15_000).catch(() => {});
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
