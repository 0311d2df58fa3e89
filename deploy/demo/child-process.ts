import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync } from "node:fs";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A service the launcher runs (hub, agent). Its output goes to a log file so the terminal keeps only
 * the banner. It runs in its own process group: a Ctrl-C in the terminal reaches only the launcher,
 * which then stops the services in order (agent before hub, so the agent's last events are delivered)
 * instead of all at once.
 */
export class ManagedChild {
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  private exitInfo: ChildExit | undefined;

  constructor(
    readonly name: string,
    readonly logFile: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    const log = openSync(logFile, "a");
    this.process = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log); // the child has its own copy
    this.exited = new Promise((resolve) => {
      this.process.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.process.once("error", (error) => {
        this.exitInfo = { code: 127, signal: null };
        this.appendError(error);
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Asks it to stop (SIGTERM), then kills it after timeoutMs; resolves once it has exited. */
  async stop(timeoutMs: number): Promise<ChildExit> {
    if (!this.running) return this.exitInfo as ChildExit;
    this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.killNow(), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** Synchronous last resort, safe inside process 'exit'. */
  killNow(): void {
    if (this.running) this.process.kill("SIGKILL");
  }

  /** The end of its log, to show why it died. */
  tail(lines = 15): string {
    try {
      return readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** A spawn failure (e.g. node missing) never reaches the child's own log, so it is added there. */
  private appendError(error: Error): void {
    try {
      appendFileSync(this.logFile, `launcher: cannot run ${this.name}: ${error.message}\n`);
    } catch {
      // The log dir is gone; tail() then says "(no log)".
    }
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
