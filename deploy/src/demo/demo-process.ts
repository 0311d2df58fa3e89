import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root: this file is deploy/src/demo/demo-process.ts. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface DemoPorts {
  http: number;
  mqtt: number;
  mqttWs: number;
}

export interface RunningDemo {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the banner's URL and demo login once it is printed. */
  banner: Promise<{ url: string; email: string; password: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function demoEnv(dataDir: string, ports: DemoPorts): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SITEWATCH_DATA_DIR: dataDir,
    HUB_HTTP_PORT: String(ports.http),
    HUB_MQTT_PORT: String(ports.mqtt),
    HUB_MQTT_WS_PORT: String(ports.mqttWs),
    // npm and turbo add colour codes and update notices that would get in the way of parsing.
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    npm_config_update_notifier: "false",
  };
}

/**
 * `npm start` exactly as a newcomer runs it, in its own process group so the test can send the
 * Ctrl-C a terminal would send: SIGINT to every process of the group.
 */
export function startDemo(dataDir: string, ports: DemoPorts): RunningDemo {
  const child = spawn("npm", ["start"], {
    cwd: REPO_ROOT,
    env: demoEnv(dataDir, ports),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  // Settles once npm has exited and every process sharing its output (the launcher) has closed it.
  const closed = new Promise<void>((resolve) => child.stdout?.once("close", () => resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => void closed.then(() => resolve({ code, signal }))),
  );
  const banner = new Promise<{ url: string; email: string; password: string }>((resolve, reject) => {
    const check = () => {
      const url = /Dashboard:\s+(\S+)/.exec(output)?.[1];
      const login = /Demo login:\s+(\S+) \/ (\S+)/.exec(output);
      if (url && login?.[1] && login[2]) resolve({ url, email: login[1], password: login[2] });
    };
    child.stdout?.on("data", check);
    void exited.then(() => reject(new Error(`npm start exited before its banner:\n${output}`)));
  });
  return { child, output: () => output, banner, exited };
}

/** Ctrl-C: SIGINT to the whole process group, as a terminal does. */
export function interrupt(demo: RunningDemo): void {
  try {
    if (demo.child.pid !== undefined) process.kill(-demo.child.pid, "SIGINT");
  } catch {
    // The group is gone already.
  }
}

/** Every live descendant of pid (children, grandchildren…), from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const kid of parents.get(next) ?? []) {
      found.push(kid);
      queue.push(kid);
    }
  }
  return found;
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name (in parentheses) may contain spaces; the fields after it are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** The process's command line, for telling the hub from the agent; "" once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Running (not gone, not a zombie waiting for a reaper). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** `npm run reset` for that data dir; returns its exit code and output. */
export function runReset(dataDir: string): { status: number | null; output: string } {
  const result = spawnSync("npm", ["run", "reset"], {
    cwd: REPO_ROOT,
    env: { ...process.env, SITEWATCH_DATA_DIR: dataDir, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
