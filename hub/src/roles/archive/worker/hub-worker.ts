import { setTimeout as sleep } from "node:timers/promises";
import type { AnalysisJob, AnalysisProvider, AnalysisResult } from "@sitewatch/shared-protocol";
import type { Logger } from "../../../observability/logger.js";
import type { JobQueue } from "../jobs/job-queue.js";

/** Why a job failed, and whether another attempt could succeed (retried with backoff) or not (failed). */
export class JobFailure extends Error {
  override name = "JobFailure";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A job's video as a local file, for as long as the job runs. */
export interface SegmentVideo {
  path: string;
  release(): Promise<void>;
}

export interface VideoSource {
  fetch(job: AnalysisJob, signal: AbortSignal): Promise<SegmentVideo>;
}

/** One analysis provider as the hub runs it: a video file in, the protocol's result out. */
export interface HubProvider {
  readonly name: AnalysisProvider;
  analyse(path: string, signal: AbortSignal): Promise<AnalysisResult>;
}

export interface HubWorkerDeps {
  queue: Pick<JobQueue, "claim" | "heartbeat" | "complete" | "fail" | "waitForWork">;
  providers: readonly HubProvider[];
  video: VideoSource;
  workerId: string;
  /** Jobs run at once. */
  concurrency: number;
  /** Lease asked for at each claim and heartbeat; heartbeats go every third of it. */
  leaseSeconds: number;
  logger: Logger;
}

export type JobOutcome = "idle" | "completed" | "failed" | "lost";

class LeaseLost extends Error {}

const STOPPING = "the hub worker is stopping";

/**
 * `hub worker`'s loop: claims hub jobs of its providers straight from the queue, fetches each job's
 * video through the hub's API, runs the provider while heartbeats keep the lease, and completes or
 * fails the job. A lost lease (cancelled, reaped, taken over) aborts the work and drops its result.
 * Waiting slots are woken by NOTIFY and poll as a fallback (JobQueue.waitForWork).
 */
export class HubWorker {
  private readonly stopping = new AbortController();
  private readonly running = new Set<AbortController>();
  private slots: Promise<void>[] = [];

  constructor(private readonly deps: HubWorkerDeps) {}

  start(): void {
    this.slots = Array.from({ length: this.deps.concurrency }, () => this.slot());
  }

  /**
   * Stops claiming; jobs in progress get `graceMs` to finish, then are aborted and released (a
   * retryable failure, so another worker takes them after the backoff).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping.abort();
    const release = setTimeout(() => this.release(), graceMs);
    await Promise.all(this.slots);
    clearTimeout(release);
  }

  /** Aborts the jobs in progress now; each is released as a retryable failure. */
  release(): void {
    for (const job of this.running) job.abort(new JobFailure(STOPPING, true));
  }

  /** Claims and runs at most one job. */
  async runOnce(): Promise<JobOutcome> {
    const { queue, providers, workerId, leaseSeconds } = this.deps;
    const scope = { place: "hub" as const, providers: providers.map((p) => p.name) };
    const job = await queue.claim(workerId, scope, leaseSeconds);
    return job ? this.run(job) : "idle";
  }

  private async slot(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopping.signal.aborted) {
      try {
        const outcome = await this.runOnce();
        backoff = 1_000;
        if (outcome === "idle") await this.deps.queue.waitForWork(this.stopping.signal);
      } catch (err) {
        this.deps.logger.error({ err, retryInMs: backoff }, "hub worker: the queue failed");
        await sleep(backoff, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  }

  private async run(job: AnalysisJob): Promise<JobOutcome> {
    const { queue, workerId, leaseSeconds } = this.deps;
    const log = this.deps.logger.child({ job: job.id, provider: job.provider, segment: job.segment });
    const abort = new AbortController();
    this.running.add(abort);
    const beat = setInterval(() => void this.heartbeat(job, abort, log), (leaseSeconds * 1000) / 3);
    const started = Date.now();
    log.info({ device: job.device, camera: job.camera, attempt: job.attempts }, "analysis job claimed");
    try {
      const result = await this.analyse(job, abort.signal);
      const out = await queue.complete(job.id, workerId, result);
      if (!out.ok) {
        log.warn({ reason: out.reason }, "analysis job: lease lost before completion; result dropped");
        return "lost";
      }
      const { safetyScore, incidents } = result;
      const ms = Date.now() - started;
      log.info({ ms, safetyScore, incidents: incidents.length }, "analysis job completed");
      return "completed";
    } catch (err) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : err;
      if (reason instanceof LeaseLost) {
        log.warn({ reason: reason.message }, "analysis job: lease lost; work abandoned");
        return "lost";
      }
      const failure = reason instanceof JobFailure ? reason : new JobFailure(messageOf(reason), true);
      const out = await queue.fail(job.id, workerId, failure.message.slice(0, 2000), failure.retryable);
      if (!out.ok) return "lost";
      const status = out.job.status;
      log.warn({ error: failure.message, retryable: failure.retryable, status }, "analysis job failed");
      return "failed";
    } finally {
      clearInterval(beat);
      this.running.delete(abort);
    }
  }

  private async analyse(job: AnalysisJob, signal: AbortSignal): Promise<AnalysisResult> {
    const provider = this.deps.providers.find((p) => p.name === job.provider);
    if (!provider) throw new JobFailure(`this hub worker has no ${job.provider} provider`, true);
    const video = await this.deps.video.fetch(job, signal);
    try {
      return await provider.analyse(video.path, signal);
    } finally {
      await video.release();
    }
  }

  private async heartbeat(job: AnalysisJob, abort: AbortController, log: Logger): Promise<void> {
    try {
      const out = await this.deps.queue.heartbeat(job.id, this.deps.workerId, this.deps.leaseSeconds);
      if (!out.ok)
        abort.abort(new LeaseLost(out.reason === "NOT_FOUND" ? "job deleted" : "cancelled or taken over"));
    } catch (err) {
      // The lease may still hold; if it runs out, complete() says so and the result is dropped.
      log.warn({ err }, "analysis job: heartbeat failed");
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
