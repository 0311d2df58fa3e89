import { setTimeout as sleep } from "node:timers/promises";
import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows } from "../../../ingest/sinks/records.js";
import { JobQueue } from "./job-queue.js";
import { PollingWakeups, PostgresWakeups } from "./job-wakeups.js";
import { newJob, type QueueDatabase, queueDatabase, result } from "./queue.test-support.js";

const hub = { place: "hub" as const, providers: ["builtin" as const] };
const backoff = { baseMs: 2_000, maxMs: 5_000 };

describe.each(["pglite", "postgres"] as const)("job queue on %s", (kind) => {
  let qdb: QueueDatabase;
  let queue: JobQueue;
  const changes: AnalysisJob[] = [];

  beforeAll(async () => {
    qdb = await queueDatabase(kind);
    queue = new JobQueue({
      db: qdb.database.db,
      wakeups: new PollingWakeups(),
      backoff,
      onChange: (job) => changes.push(job),
    });
    await queue.start();
  });

  afterAll(async () => {
    await queue?.stop();
    await qdb?.stop();
  });

  // Each test starts from an empty queue, so claims see only its own jobs.
  const reset = () => qdb.database.db.execute(sql`delete from analysis_jobs`);
  const runAfterMs = async (id: string) => {
    const [row] = await executeRows<{ ms: string | number }>(
      qdb.database.db,
      sql`select extract(epoch from run_after - now()) * 1000 as ms from analysis_jobs where id = ${id}`,
    );
    return Number(row?.ms);
  };

  it("registers once per segment and provider, and claims by priority then age", async () => {
    await reset();
    const low = newJob();
    const [first] = await queue.register([low, newJob({ priority: 5 }), newJob({ place: "device" })]);
    expect(first?.status).toBe("pending");
    expect(await queue.register([{ ...low, id: undefined }])).toEqual([]);
    const high = await queue.claim("w1", hub, 30);
    expect(high).toMatchObject({ priority: 5, status: "processing", workerId: "w1", attempts: 1 });
    expect(high?.lockedUntil).toBeGreaterThan(Date.now() + 20_000);
    expect((await queue.claim("w1", hub, 30))?.segment).toBe(low.segment);
    // The device's job is not a hub worker's, and nothing else is pending.
    expect(await queue.claim("w1", hub, 30)).toBeNull();
    expect(await queue.claim("w1", { place: "device", providers: ["vlm"] }, 30)).toBeNull();
    expect(await queue.countByStatus()).toEqual({ pending: 1, processing: 2 });
  });

  it("lets only the lease holder heartbeat and complete", async () => {
    await reset();
    await queue.register([newJob()]);
    const job = (await queue.claim("w1", hub, 30)) as AnalysisJob;
    expect(await queue.heartbeat(job.id, "w2", 30)).toEqual({ ok: false, reason: "LEASE_LOST" });
    expect(await queue.heartbeat("0190a8a0-0000-7000-8000-000000000000", "w1", 30)).toEqual({
      ok: false,
      reason: "NOT_FOUND",
    });
    const beat = await queue.heartbeat(job.id, "w1", 600);
    expect(beat.ok && beat.job.lockedUntil).toBeGreaterThan(Date.now() + 500_000);
    expect(await queue.complete(job.id, "w2", result())).toEqual({ ok: false, reason: "LEASE_LOST" });
    const done = await queue.complete(job.id, "w1", result());
    expect(done).toMatchObject({
      ok: true,
      job: { status: "completed", safetyScore: 87.5, incidentCount: 1, lockedUntil: null },
    });
    expect(done.ok && done.job.result?.summary).toBe("two persons, nothing of concern");
    expect(await queue.complete(job.id, "w1", result())).toEqual({ ok: false, reason: "LEASE_LOST" });
  });

  it("retries a failed attempt with exponential backoff, then fails it for good", async () => {
    await reset();
    const [job] = await queue.register([newJob({ maxAttempts: 3 })]);
    const id = (job as AnalysisJob).id;
    await queue.claim("w1", hub, 30);
    expect(await queue.fail(id, "w1", "decoder crashed", true)).toMatchObject({
      ok: true,
      job: { status: "pending", attempts: 1, workerId: null, error: "decoder crashed" },
    });
    expect(await runAfterMs(id)).toBeGreaterThan(1_500); // base·2^0
    expect(await queue.claim("w1", hub, 30)).toBeNull();
    await qdb.database.db.execute(sql`update analysis_jobs set run_after = now() where id = ${id}`);
    await queue.claim("w1", hub, 30);
    await queue.fail(id, "w1", "decoder crashed again", true);
    expect(await runAfterMs(id)).toBeGreaterThan(3_500); // base·2^1
    await qdb.database.db.execute(sql`update analysis_jobs set run_after = now() where id = ${id}`);
    await queue.claim("w1", hub, 30);
    expect(await queue.fail(id, "w1", "third time", true)).toMatchObject({
      ok: true,
      job: { status: "failed", attempts: 3, error: "third time" },
    });
    const [other] = await queue.register([newJob()]);
    await queue.claim("w1", hub, 30);
    expect(await queue.fail((other as AnalysisJob).id, "w1", "bad file", false)).toMatchObject({
      ok: true,
      job: { status: "failed", attempts: 1 },
    });
  });

  it("cancels a running job, refuses its worker, and retries it from scratch", async () => {
    await reset();
    await queue.register([newJob()]);
    const job = (await queue.claim("w1", hub, 30)) as AnalysisJob;
    expect(await queue.retry(job.id)).toEqual({ ok: false, reason: "CONFLICT" });
    expect(await queue.cancel(job.id)).toMatchObject({ ok: true, job: { status: "cancelled" } });
    expect(await queue.heartbeat(job.id, "w1", 30)).toEqual({ ok: false, reason: "LEASE_LOST" });
    expect(await queue.complete(job.id, "w1", result())).toEqual({ ok: false, reason: "LEASE_LOST" });
    expect(await queue.cancel(job.id)).toEqual({ ok: false, reason: "CONFLICT" });
    expect(await queue.retry(job.id)).toMatchObject({ ok: true, job: { status: "pending", attempts: 0 } });
    expect((await queue.claim("w2", hub, 30))?.id).toBe(job.id);
  });

  it("reaps expired leases: back to pending while attempts remain, failed after the last", async () => {
    await reset();
    const [again, last] = await queue.register([newJob({ maxAttempts: 2 }), newJob({ maxAttempts: 1 })]);
    await queue.claim("dead", hub, 30);
    await queue.claim("dead", hub, 30);
    expect(await queue.reap()).toEqual([]);
    await qdb.database.db.execute(sql`update analysis_jobs set locked_until = now() - interval '1 second'`);
    const reaped = await queue.reap();
    const byId = new Map(reaped.map((j) => [j.id, j]));
    expect(byId.get((again as AnalysisJob).id)).toMatchObject({
      status: "pending",
      attempts: 1,
      workerId: null,
    });
    expect(byId.get((last as AnalysisJob).id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(byId.get((last as AnalysisJob).id)?.error).toContain("lease expired");
    expect(await queue.heartbeat((again as AnalysisJob).id, "dead", 30)).toEqual({
      ok: false,
      reason: "LEASE_LOST",
    });
  });

  it("reports every status change it made", async () => {
    await reset();
    changes.length = 0;
    const [job] = await queue.register([newJob()]);
    await queue.claim("w1", hub, 30);
    await queue.heartbeat((job as AnalysisJob).id, "w1", 30);
    await queue.complete((job as AnalysisJob).id, "w1", result());
    expect(changes.map((j) => j.status)).toEqual(["pending", "processing", "completed"]);
  });

  // Only Postgres has LISTEN/NOTIFY; defined only there so CI reports no skipped test.
  if (kind === "postgres")
    it("wakes a waiting worker by NOTIFY within milliseconds", async () => {
      const listener = new JobQueue({
        db: qdb.database.db,
        wakeups: new PostgresWakeups((qdb.config as { url: string }).url),
        pollMs: 60_000,
      });
      await listener.start();
      try {
        // Registered through another queue object: only the notification can wake the listener.
        const waiting = listener.waitForWork();
        const started = performance.now();
        await queue.register([newJob()]);
        await waiting;
        expect(performance.now() - started).toBeLessThan(2_000);
      } finally {
        await listener.stop();
      }
      await sleep(0);
    });
});
