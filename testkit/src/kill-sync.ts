import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Synchronous process termination, for exit handlers where nothing asynchronous will ever run again.
 * Sending a signal only asks the kernel; until the process is really gone its ports still accept connections
 * and it may still write files, so these wait before callers remove directories or reuse ports.
 */

/**
 * Stops a PostgreSQL server now, for the process 'exit' handler and for when `pg_ctl stop`
 * cannot do it. pg_ctl starts the server in its own session, so it is not our child and would otherwise
 * outlive a crashed or interrupted test run.
 */
export function killPostmasterSync(dataDir: string, waitMs = 5_000): void {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isRunning(pid)) return;
  // SIGQUIT is PostgreSQL's immediate shutdown (what `pg_ctl stop -m immediate` sends): the postmaster takes
  // its backends and shared memory down with it, which SIGKILL would leave behind.
  process.kill(pid, "SIGQUIT");
  if (!waitForExitSync(pid, waitMs)) process.kill(pid, "SIGKILL");
}

/**
 * The pid from postmaster.pid, but only if that process really is the server for this data dir: a stale file
 * plus pid reuse must never make us (possibly root) signal some unrelated process.
 */
function postmasterPid(dataDir: string): number | undefined {
  let firstLine: string | undefined;
  try {
    firstLine = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0];
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(firstLine ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmdline = procFile(pid, "cmdline");
  // Without /proc (macOS) there is no cheap check; the file being in our own temp dir has to do.
  if (cmdline !== undefined && !cmdline.replaceAll("\0", " ").includes(dataDir)) return undefined;
  return pid;
}

/** True while the process exists and is not a zombie (a zombie has already released its sockets and files). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A dead child stays a zombie until Node reaps it, which cannot happen while we block; nor can it when we
  // are PID 1 in a container and the dead process is an orphan we inherited. kill(0) "finds" both.
  const stat = procFile(pid, "stat");
  const state = stat?.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

/** Blocks until the process is gone or `timeoutMs` passed; returns whether it is gone. */
export function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    sleepSync(10);
  }
  return true;
}

/** Contents of /proc/<pid>/<name>, or undefined where there is no /proc (macOS) or no such process. */
function procFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
