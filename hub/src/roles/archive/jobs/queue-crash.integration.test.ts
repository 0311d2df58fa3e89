import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows } from "../../../ingest/sinks/records.js";
import { createLogger } from "../../../observability/logger.js";
import { JobQueue } from "./job-queue.js";
import { PollingWakeups } from "./job-wakeups.js";
import { LeaseReaper } from "./lease-reaper.js";
import { newJob, type QueueDatabase, queueDatabase } from "./queue.test-support.js";
import { claimOverlaps, readWorkerLogs, startWorker, stopWorkers } from "./worker-fleet.test-support.js";

const JOBS = 2_000;
const POISON = 20;

let qdb: QueueDatabase;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  qdb = await queueDatabase("postgres");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-queue-crash-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await qdb?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("job queue with 4 worker processes on PostgreSQL", () => {
  it("finishes 2,000 jobs exactly once across a kill -9, never claimed twice at once", {
    timeout: 120_000,
  }, async () => {
    const { db } = qdb.database;
    const url = (qdb.config as { url: string }).url;
    const queue = new JobQueue({ db, wakeups: new PollingWakeups(), backoff: { baseMs: 20, maxMs: 100 } });
    const jobs = Array.from({ length: JOBS }, (_, i) =>
      newJob(i < POISON ? { segment: `poison-${i}`, maxAttempts: 3 } : { maxAttempts: 3 }),
    );
    for (let i = 0; i < jobs.length; i += 500) await queue.register(jobs.slice(i, i + 500));
    const reaper = new LeaseReaper(queue, createLogger("silent"), 200);
    reaper.start();

    let stalled: ((job: string) => void) | undefined;
    const stalledJob = new Promise<string>((resolve) => {
      stalled = resolve;
    });
    const logFile = (w: string) => join(dir, `${w}.log`);
    const workers = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        startWorker(
          {
            url,
            workerId: `w${i}`,
            logFile: logFile(`w${i}`),
            workMs: [1, 6],
            leaseSeconds: 2,
            failRate: 0.03,
            stallAt: i === 0 ? 150 : undefined,
          },
          (m) => {
            if (typeof m.stalled === "string") stalled?.(m.stalled);
          },
        ),
      ),
    );
    children.push(...workers);
    const victimJob = await stalledJob;
    const victim = workers[0] as ChildProcess;
    victim.kill("SIGKILL");
    const killedAt = Date.now();

    const deadline = Date.now() + 90_000;
    for (;;) {
      const counts = await queue.countByStatus();
      if ((counts.completed ?? 0) + (counts.failed ?? 0) === JOBS) break;
      if (Date.now() > deadline) throw new Error(`queue did not drain: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await reaper.stop();
    await stopWorkers(workers);
    const lines = await readWorkerLogs(["w0", "w1", "w2", "w3"].map(logFile));
    expect(claimOverlaps(lines, { w: "w0", t: killedAt })).toEqual([]);
    expect(lines.filter((l) => l.ev === "lost")).toEqual([]);

    const completes = new Map<string, number>();
    for (const l of lines) if (l.ev === "complete") completes.set(l.job, (completes.get(l.job) ?? 0) + 1);
    const table = await executeRows<{ id: string; segment: string; status: string; attempts: number }>(
      db,
      sql`select id, segment, status, attempts from analysis_jobs`,
    );
    expect(table).toHaveLength(JOBS);
    for (const job of table) {
      if (job.segment.startsWith("poison")) {
        expect(job).toMatchObject({ status: "failed", attempts: 3 });
        expect(completes.get(job.id)).toBeUndefined();
      } else if (job.status === "completed") {
        expect(completes.get(job.id)).toBe(1);
      } else {
        // Only transient failures three times in a row end here (3 % per attempt).
        expect(job).toMatchObject({ status: "failed", attempts: 3 });
      }
    }
    const victimRow = table.find((j) => j.id === victimJob);
    expect(victimRow?.attempts).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.job === victimJob && l.ev === "claim").map((l) => l.w)[0]).toBe("w0");
    expect(lines.filter((l) => l.w === "w0" && l.t > killedAt)).toEqual([]);
  });
});
