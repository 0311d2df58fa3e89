import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "../../../db/client.js";
import { JobQueue } from "./job-queue.js";
import { PostgresWakeups } from "./job-wakeups.js";
import { result } from "./queue.test-support.js";

/**
 * A worker PROCESS for the queue's crash test and benchmark (child_process.fork with tsx): claims hub
 * jobs until told to stop, "works" for a while, completes (or fails poison jobs) and appends every
 * step with its time to a log file the parent checks for overlapping claims.
 */
export interface WorkerSettings {
  url: string;
  workerId: string;
  logFile: string;
  workMs: [number, number];
  leaseSeconds: number;
  /** Transient failures (retried) per attempt, 0–1. */
  failRate: number;
  /** At this claim the worker tells its parent and hangs mid-job (the parent kills it with SIGKILL). */
  stallAt?: number;
}

export type WorkerLogLine = { w: string; job: string; ev: "claim" | "complete" | "fail" | "lost"; t: number };

async function run(s: WorkerSettings): Promise<void> {
  const database = await openDatabase({ kind: "postgres", url: s.url });
  const queue = new JobQueue({
    db: database.db,
    wakeups: new PostgresWakeups(s.url),
    pollMs: 250,
    backoff: { baseMs: 20, maxMs: 100 },
  });
  await queue.start();
  const stop = new AbortController();
  process.on("message", (m) => {
    if (m === "stop") stop.abort();
  });
  const log = (job: string, ev: WorkerLogLine["ev"]) =>
    appendFileSync(s.logFile, `${JSON.stringify({ w: s.workerId, job, ev, t: Date.now() })}\n`);
  let claims = 0;
  process.send?.({ ready: true });
  while (!stop.signal.aborted) {
    const job = await queue.claim(s.workerId, { place: "hub", providers: ["builtin"] }, s.leaseSeconds);
    if (!job) {
      await queue.waitForWork(stop.signal);
      continue;
    }
    log(job.id, "claim");
    process.send?.({ claimed: job.id, at: Date.now() });
    claims += 1;
    if (claims === s.stallAt) {
      process.send?.({ stalled: job.id });
      await sleep(3_600_000);
    }
    const [lo, hi] = s.workMs;
    await sleep(lo + Math.random() * (hi - lo));
    const poison = job.segment.startsWith("poison");
    if (poison || Math.random() < s.failRate) {
      log(job.id, "fail");
      const out = await queue.fail(job.id, s.workerId, poison ? "poison segment" : "transient", true);
      if (!out.ok) log(job.id, "lost");
      continue;
    }
    log(job.id, "complete");
    const out = await queue.complete(job.id, s.workerId, result());
    if (!out.ok) log(job.id, "lost");
  }
  await queue.stop();
  await database.close();
}

const settings = JSON.parse(process.argv[2] ?? "{}") as WorkerSettings;
run(settings).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
