import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/**
 * The kernel id of the calling thread. Linux names it in /proc/thread-self (a link to
 * "<pid>/task/<tid>"); Node offers no API for it. Undefined elsewhere.
 */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's scheduling priority to `nice` (0 normal … 19 lowest). On Linux
 * setpriority(PRIO_PROCESS, tid) applies to that one thread, so an inference worker can yield the CPU
 * to the event loop serving live traffic while still using every cycle that loop leaves idle. Returns
 * what happened, for the worker's startup log; failing is harmless (the thread keeps its priority).
 */
export function lowerThreadPriority(nice: number): { tid: number; nice: number } | { skipped: string } {
  const tid = currentThreadId();
  if (tid === undefined) return { skipped: "no /proc/thread-self (not Linux)" };
  try {
    setPriority(tid, nice);
    return { tid, nice };
  } catch (err) {
    return { skipped: err instanceof Error ? err.message : String(err) };
  }
}
