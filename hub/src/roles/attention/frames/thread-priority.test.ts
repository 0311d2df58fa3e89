import { readdirSync } from "node:fs";
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { currentThreadId, lowerThreadPriority } from "./thread-priority.js";

// Thread priorities are set through /proc/thread-self, which only Linux has; elsewhere the worker
// keeps its priority (lowerThreadPriority reports the skip) and there is nothing to check.
const linux = process.platform === "linux";

/** Runs `body` (plain JS, with `setPriority`, `readlinkSync` and `post` in scope) in a new thread. */
function inThread<T>(body: string): Promise<T> {
  const code = `
    const { parentPort } = require("node:worker_threads");
    const { setPriority, getPriority } = require("node:os");
    const { readlinkSync } = require("node:fs");
    const post = (v) => parentPort.postMessage(v);
    ${body}`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once("message", (v: T) => {
      resolve(v);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe.runIf(linux)("thread priority", () => {
  it("names the calling thread's kernel id", () => {
    const tid = currentThreadId();
    expect(tid).toBeGreaterThan(0);
    expect(readdirSync("/proc/self/task")).toContain(String(tid));
  });

  it("lowers only the calling thread, not the process's other threads", async () => {
    const before = getPriority(process.pid);
    const target = Math.min(19, before + 3);
    // Another thread lowers itself; this thread and the main thread keep their priority.
    const other = await inThread<{ tid: number; nice: number }>(`
      const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
      setPriority(tid, ${target});
      post({ tid, nice: getPriority(tid) });`);
    expect(other.nice).toBe(target);
    expect(getPriority(process.pid)).toBe(before);
    const self = currentThreadId() as number;
    expect(self).not.toBe(other.tid);
    // This thread may be the test process's main thread, whose id is the pid: only check the result.
    const wanted = Math.min(19, getPriority(self) + 1);
    expect(lowerThreadPriority(wanted)).toEqual({ tid: self, nice: wanted });
    expect(getPriority(self)).toBe(wanted);
  });

  it("reports a refused change instead of throwing", () => {
    // Raising priority (a lower nice value) needs CAP_SYS_NICE; as root it succeeds, so only check
    // that an out-of-range value is reported, which no privilege allows.
    const result = lowerThreadPriority(99);
    expect(result).toHaveProperty("skipped");
  });
});
