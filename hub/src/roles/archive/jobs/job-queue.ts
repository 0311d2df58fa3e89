import type { AnalysisJob, AnalysisResult } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { executeRows } from "../../../ingest/sinks/records.js";
import { jobOf, jobRecord, type NewJob, type RawJobRow } from "./job-rows.js";
import * as q from "./job-statements.js";
import type { JobWakeups } from "./job-wakeups.js";
import type { QueueMetrics } from "./queue-metrics.js";

export interface JobQueueOptions {
  db: Db;
  /** LISTEN on PostgreSQL, nothing on PGlite (see job-wakeups.ts). */
  wakeups: JobWakeups;
  metrics?: QueueMetrics;
  /** Every status change this process made, after it committed: the live `analysisJob` event. */
  onChange?: (job: AnalysisJob) => void;
  backoff?: q.Backoff;
  /** How often a waiting worker looks anyway (notifications can be lost). */
  pollMs?: number;
}

/** Why a worker's call on a job was refused. */
export type LeaseRefusal = "NOT_FOUND" | "LEASE_LOST";
export type WorkerOutcome = { ok: true; job: AnalysisJob } | { ok: false; reason: LeaseRefusal };
export type AdminOutcome = { ok: true; job: AnalysisJob } | { ok: false; reason: "NOT_FOUND" | "CONFLICT" };

export const DEFAULT_BACKOFF: q.Backoff = { baseMs: 30_000, maxMs: 3_600_000 };

/**
 * The analysis-job queue on the hub's database (Postgres or PGlite, the same SQL). Workers claim with
 * FOR UPDATE SKIP LOCKED, keep their lease with heartbeats and finish with complete or fail; the
 * reaper returns jobs whose lease ran out. Waiting workers are woken by NOTIFY (PostgreSQL) or by this
 * process's own registrations, and poll as a fallback. PGlite: one process, one worker.
 */
export class JobQueue {
  private readonly waiters = new Set<() => void>();
  private readonly backoff: q.Backoff;

  constructor(private readonly opts: JobQueueOptions) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  async start(): Promise<void> {
    await this.opts.wakeups.start(() => this.wake());
  }

  async stop(): Promise<void> {
    await this.opts.wakeups.stop();
    this.wake();
  }

  /** Registers jobs in one statement (atomic); a job already there for its segment and provider is skipped. */
  async register(jobs: readonly NewJob[], tx: Db = this.opts.db): Promise<AnalysisJob[]> {
    if (jobs.length === 0) return [];
    const rows = await executeRows<RawJobRow>(tx, q.insertJobs(jobs.map(jobRecord)));
    return this.changed(rows, true);
  }

  async claim(workerId: string, scope: q.ClaimScope, leaseSeconds: number): Promise<AnalysisJob | null> {
    const started = performance.now();
    const rows = await executeRows<RawJobRow>(this.opts.db, q.claimJob(workerId, scope, leaseSeconds));
    this.opts.metrics?.claimSeconds.observe((performance.now() - started) / 1000);
    this.opts.metrics?.claims.inc({ place: scope.place, outcome: rows.length ? "claimed" : "empty" });
    return this.changed(rows)[0] ?? null;
  }

  /** Extends the lease; LEASE_LOST once the job was cancelled, reaped or taken by another worker. */
  async heartbeat(id: string, workerId: string, leaseSeconds: number): Promise<WorkerOutcome> {
    const rows = await executeRows<RawJobRow>(this.opts.db, q.extendLease(id, workerId, leaseSeconds));
    return this.outcome(id, rows, false);
  }

  async complete(id: string, workerId: string, result: AnalysisResult): Promise<WorkerOutcome> {
    const statement = q.completeJob(id, workerId, result, result.safetyScore, result.incidents.length);
    const rows = await executeRows<RawJobRow>(this.opts.db, statement);
    if (rows.length) this.opts.metrics?.completions.inc();
    return this.outcome(id, rows, true);
  }

  async fail(id: string, workerId: string, error: string, retryable: boolean): Promise<WorkerOutcome> {
    const rows = await executeRows<RawJobRow>(
      this.opts.db,
      q.failJob(id, workerId, error, retryable, this.backoff),
    );
    const out = await this.outcome(id, rows, true);
    if (out.ok) this.opts.metrics?.failures.inc({ final: String(out.job.status === "failed") });
    return out;
  }

  /** Pending or processing → cancelled; the worker that held it is refused from then on. */
  cancel(id: string): Promise<AdminOutcome> {
    return this.admin(id, q.cancelJob(id));
  }

  /** Failed or cancelled → pending with its attempts reset. */
  retry(id: string): Promise<AdminOutcome> {
    return this.admin(id, q.retryJob(id));
  }

  /** Returns expired leases to pending (or fails them after their last attempt); how many it reaped. */
  async reap(limit = 500): Promise<AnalysisJob[]> {
    const rows = await executeRows<RawJobRow>(this.opts.db, q.reapExpired(this.backoff, limit));
    const jobs = this.changed(rows, true);
    for (const job of jobs) this.opts.metrics?.failures.inc({ final: String(job.status === "failed") });
    return jobs;
  }

  async get(id: string): Promise<AnalysisJob | null> {
    const rows = await executeRows<RawJobRow>(
      this.opts.db,
      sql`select * from analysis_jobs where id = ${id}`,
    );
    return rows[0] ? jobOf(rows[0]) : null;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await executeRows<{ status: string; n: string | number }>(
      this.opts.db,
      sql`select status, count(*) as n from analysis_jobs group by status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /**
   * Resolves on a wake-up (NOTIFY, a registration in this process, stop()) or after the poll interval,
   * whichever comes first; a worker loop claims after each.
   */
  waitForWork(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, this.opts.pollMs ?? 1_000);
      this.waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private wake(): void {
    for (const done of [...this.waiters]) done();
  }

  private changed(rows: RawJobRow[], wake = false): AnalysisJob[] {
    const jobs = rows.map(jobOf);
    for (const job of jobs) this.opts.onChange?.(job);
    if (wake && jobs.some((j) => j.status === "pending")) this.wake();
    return jobs;
  }

  private async outcome(id: string, rows: RawJobRow[], emit: boolean): Promise<WorkerOutcome> {
    const [row] = rows;
    if (row) return { ok: true, job: emit ? (this.changed(rows, true)[0] as AnalysisJob) : jobOf(row) };
    return { ok: false, reason: (await this.get(id)) ? "LEASE_LOST" : "NOT_FOUND" };
  }

  private async admin(id: string, statement: ReturnType<typeof q.cancelJob>): Promise<AdminOutcome> {
    const [row] = await executeRows<RawJobRow>(this.opts.db, statement);
    if (row) return { ok: true, job: this.changed([row], true)[0] as AnalysisJob };
    return { ok: false, reason: (await this.get(id)) ? "CONFLICT" : "NOT_FOUND" };
  }
}
