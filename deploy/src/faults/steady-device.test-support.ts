import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { eventually } from "@sitewatch/testkit";
import { signalAndWait } from "./child-signal.test-support.js";
import type { DeviceLogin } from "./fault-hub.test-support.js";

const SCRIPT = fileURLToPath(
  new URL("../../../edge-agent/src/delivery/steady-device.test-support.ts", import.meta.url),
);

export interface SteadyDeviceOptions {
  login: DeviceLogin;
  url: string;
  dataDir: string;
  camera?: string;
  rate: number;
  total: number;
}

/**
 * The agent's real delivery stack in a child process (edge-agent's steady-device script), emitting seat
 * changes at a steady rate. It reports every event id once the event is in its outbox: those are the
 * events that must all reach the database, whatever is killed on the way.
 */
export class SteadyDevice {
  readonly ids = new Set<string>();
  private child: ChildProcess | undefined;
  private drained = false;
  private errors = "";
  kills = 0;

  constructor(private readonly opts: SteadyDeviceOptions) {}

  start(): void {
    const { login, url, dataDir, rate, total, camera } = this.opts;
    const config = { ...login, url, dataDir, rate, total, camera: camera ?? "cam-1" };
    this.drained = false;
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let partial = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("e ")) this.ids.add(line.slice(2));
        else if (line === "drained") this.drained = true;
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.errors = (this.errors + chunk.toString()).slice(-8_000);
    });
  }

  get emitted(): number {
    return this.ids.size;
  }

  get log(): string {
    return this.errors;
  }

  /** Resolves once every event was emitted and acknowledged (the outbox is empty). */
  async whenDrained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.drained) {
      if (this.child?.exitCode !== null) throw new Error(`device exited:\n${this.errors}`);
      if (Date.now() > deadline)
        throw new Error(`device not drained in ${timeoutMs} ms (${this.emitted} emitted):\n${this.errors}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves once at least `n` events were emitted. */
  async whenEmitted(n: number, timeoutMs = 60_000): Promise<void> {
    await eventually(`${n} events emitted`, () => this.emitted >= n, timeoutMs, 10).catch((err: Error) => {
      throw new Error(`${err.message} (${this.emitted} so far):\n${this.errors}`);
    });
  }

  async kill(): Promise<void> {
    if (await signalAndWait(this.child, "SIGKILL")) this.kills += 1;
  }

  async stop(): Promise<void> {
    await signalAndWait(this.child, "SIGTERM");
  }
}
