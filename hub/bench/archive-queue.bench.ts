import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startPostgres } from "@sitewatch/testkit";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { openDatabase } from "../src/db/client.js";
import { runMigrations } from "../src/db/migrate.js";
import { JobQueue } from "../src/roles/archive/jobs/job-queue.js";
import { PollingWakeups } from "../src/roles/archive/jobs/job-wakeups.js";
import { newJob } from "../src/roles/archive/jobs/queue.test-support.js";
import {
  claimOverlaps,
  readWorkerLogs,
  startWorker,
  stopWorkers,
  type WorkerMessage,
} from "../src/roles/archive/jobs/worker-fleet.test-support.js";
import { type Cleanups, runBench } from "./hub-harness.js";
import { LatencyRecorder } from "./latency.js";

// Issue 16's queue figures on a real PostgreSQL server: registering one job (what ingest does per
// segment and provider), 4 worker processes draining a backlog, and claim latency from a registration's
// commit to a waiting worker's claim (NOTIFY). `--quick` runs small phases and only prints.
const QUICK = process.argv.includes("--quick");
const REGISTRATIONS = QUICK ? 500 : 5_000;
const BACKLOG = QUICK ? 2_000 : 20_000;
const TRICKLE = QUICK ? 100 : 1_000;
const TRICKLE_GAP_MS = 20;
const WORKERS = 4;

const log = (line: string) => console.log(`[archive-queue] ${line}`);

interface Measured {
  register: ReturnType<LatencyRecorder["summary"]>;
  backlogSeconds: number;
  claimLatency: ReturnType<LatencyRecorder["summary"]>;
  doubleClaims: number;
  completed: number;
}

async function drained(queue: JobQueue, total: number): Promise<void> {
  for (;;) {
    const counts = await queue.countByStatus();
    if ((counts.completed ?? 0) >= total) return;
    // The count scans the table; polling it often would take CPU from the workers being measured.
    await sleep(100);
  }
}

async function measure(cleanups: Cleanups): Promise<Measured> {
  const pg = await startPostgres();
  cleanups.push(() => pg.stop());
  if (pg.kind !== "postgres") throw new Error("the queue benchmark needs a PostgreSQL server");
  const database = await openDatabase({ kind: "postgres", url: pg.url });
  cleanups.push(() => database.close());
  await runMigrations(database);
  const queue = new JobQueue({ db: database.db, wakeups: new PollingWakeups() });
  const dir = await mkdtemp(join(tmpdir(), "sitewatch-queue-bench-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));

  log(`registering ${REGISTRATIONS} jobs one at a time`);
  const register = new LatencyRecorder();
  for (let i = 0; i < REGISTRATIONS; i++) {
    const started = performance.now();
    await queue.register([newJob({ place: "device" })]);
    register.add(performance.now() - started);
  }

  const registeredAt = new Map<string, number>();
  const claimedAt = new Map<string, number>();
  const onMessage = (m: WorkerMessage) => {
    if (m.claimed && m.at !== undefined) claimedAt.set(m.claimed, m.at);
  };
  const files = Array.from({ length: WORKERS }, (_, i) => join(dir, `w${i}.log`));
  const workers: ChildProcess[] = await Promise.all(
    files.map((logFile, i) =>
      startWorker(
        { url: pg.url, workerId: `w${i}`, logFile, workMs: [0, 0], leaseSeconds: 60, failRate: 0 },
        onMessage,
      ),
    ),
  );
  cleanups.push(() => stopWorkers(workers));

  log(`${WORKERS} workers drain a backlog of ${BACKLOG}`);
  const backlog = Array.from({ length: BACKLOG }, () => newJob());
  const started = performance.now();
  for (let i = 0; i < backlog.length; i += 1_000) await queue.register(backlog.slice(i, i + 1_000));
  await drained(queue, BACKLOG);
  const backlogSeconds = (performance.now() - started) / 1000;

  log(`claim latency: ${TRICKLE} jobs, one every ${TRICKLE_GAP_MS} ms, to idle workers`);
  for (let i = 0; i < TRICKLE; i++) {
    // From the start of the registration: a worker woken by the commit's NOTIFY may claim before this
    // process has even read the COMMIT's reply. Date.now() on both sides: one machine, one clock.
    const before = Date.now();
    const [job] = await queue.register([newJob()]);
    if (job) registeredAt.set(job.id, before);
    await sleep(TRICKLE_GAP_MS);
  }
  await drained(queue, BACKLOG + TRICKLE);
  await stopWorkers(workers);
  const claimLatency = new LatencyRecorder();
  for (const [id, at] of registeredAt) {
    const claimed = claimedAt.get(id);
    if (claimed !== undefined) claimLatency.add(claimed - at);
  }
  const lines = await readWorkerLogs(files);
  return {
    register: register.summary(),
    backlogSeconds,
    claimLatency: claimLatency.summary(),
    doubleClaims: claimOverlaps(lines).length,
    completed: lines.filter((l) => l.ev === "complete").length,
  };
}

const ms = (v: number) => Number(v.toFixed(v < 10 ? 2 : 1));

function rows(m: Measured): BenchRow[] {
  return [
    { name: "job registration p50", value: ms(m.register.p50), unit: "ms" },
    { name: "job registration p99", value: ms(m.register.p99), unit: "ms", target: "< 5 ms (seed: ~1 ms)" },
    {
      name: `throughput, ${WORKERS} worker processes, backlog of ${BACKLOG}`,
      value: Math.round(BACKLOG / m.backlogSeconds),
      unit: "jobs/s",
    },
    {
      name: "claim latency with NOTIFY p50 (registration start → claimed)",
      value: ms(m.claimLatency.p50),
      unit: "ms",
    },
    { name: "claim latency with NOTIFY p99", value: ms(m.claimLatency.p99), unit: "ms" },
    { name: "double claims", value: m.doubleClaims, unit: "jobs", target: "0" },
    { name: "completions logged", value: m.completed, unit: "jobs", target: `${BACKLOG + TRICKLE}` },
  ];
}

await runBench(10 * 60_000, log, measure, (measured) => {
  const table = rows(measured);
  if (QUICK) for (const r of table) console.log(`${r.name}: ${r.value} ${r.unit}`);
  else
    reportBench(
      "archive job queue",
      table,
      `A throw-away PostgreSQL server on 127.0.0.1. Registration: ${REGISTRATIONS} single-job inserts ` +
        `(one statement with its NOTIFY, as ingest registers a segment's job). Throughput: ${WORKERS} worker ` +
        `processes (FOR UPDATE SKIP LOCKED claims, no work per job, complete with a result) drain a ` +
        `${BACKLOG}-job backlog. Claim latency: ${TRICKLE} jobs registered ${TRICKLE_GAP_MS} ms apart while ` +
        `the workers wait on LISTEN; from the start of the registration to the claim's return in a worker. Double claims: claim logs of ` +
        `all workers checked for one job held by two at once.`,
    );
});
