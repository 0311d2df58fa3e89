import type { AnalysisJob } from "@sitewatch/shared-protocol";
import type { AnalysisJobOptions, AnalysisProvider } from "../analysis/analysis-provider.js";
import { type JobClient, LeaseLost } from "./job-client.js";

export interface AnalysisWorkerDeps {
  client: Pick<JobClient, "claim" | "heartbeat" | "complete" | "fail" | "putThumbnail">;
  providers: readonly AnalysisProvider[];
  /** The local file of a job's segment, or why it is not there (retention deleted it, another device's). */
  locate(job: AnalysisJob): string | { missing: string };
  /** Zones and sampling for a job's camera (the camera's config); none by default. */
  optionsFor?(job: AnalysisJob): AnalysisJobOptions;
  workerId: string;
  /** Lease asked for at each claim and heartbeat; heartbeats go every third of it. */
  leaseSeconds?: number;
  /** Pause after finding no job (the hub wakes nobody on the device; polling is the wake-up). */
  idlePollMs?: number;
  log(line: string): void;
}

export type JobOutcome = "idle" | "completed" | "failed" | "lost";

/**
 * A device's analysis worker: claims its own segments' jobs from the hub, runs the job's provider on
 * the local file while a heartbeat keeps the lease, and reports the result or the failure. A lost
 * lease (an admin cancelled, or the lease ran out) aborts the provider; the hub retries failures
 * with backoff, so this worker reports and moves on. Runs in its own process (`edge-agent worker`)
 * so hours of video analysis never slow the agent's cameras.
 */
export class AnalysisWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private current: AbortController | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: AnalysisWorkerDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming; a job in progress is aborted and reported as a retryable failure. */
  async stop(): Promise<void> {
    this.running = false;
    this.current?.abort(new Error("the worker is stopping"));
    this.wake?.();
    await this.loop;
  }

  /** Claims and runs at most one job. */
  async runOnce(): Promise<JobOutcome> {
    const { client, providers, workerId } = this.deps;
    const leaseSeconds = this.deps.leaseSeconds ?? 60;
    const job = await client.claim({ workerId, providers: providers.map((p) => p.name), leaseSeconds });
    if (!job) return "idle";
    const abort = new AbortController();
    this.current = abort;
    const beat = setInterval(
      () => {
        client.heartbeat(job.id, workerId, leaseSeconds).catch((err: unknown) => {
          if (err instanceof LeaseLost) abort.abort(err);
          else this.deps.log(`analysis job ${job.id}: heartbeat failed (${(err as Error).message})`);
        });
      },
      (leaseSeconds * 1000) / 3,
    );
    try {
      return await this.runJob(job, abort.signal);
    } finally {
      clearInterval(beat);
      this.current = undefined;
    }
  }

  private async runJob(job: AnalysisJob, signal: AbortSignal): Promise<JobOutcome> {
    const { client, workerId, log } = this.deps;
    const started = Date.now();
    const report = async (error: string, retryable: boolean): Promise<JobOutcome> => {
      log(`analysis job ${job.id} (${job.camera}/${job.segment}) failed: ${error}`);
      try {
        await client.fail(job.id, workerId, error, retryable);
        return "failed";
      } catch (err) {
        if (err instanceof LeaseLost) return "lost";
        throw err;
      }
    };
    const provider = this.deps.providers.find((p) => p.name === job.provider);
    if (!provider) return report(`this worker has no ${job.provider} provider`, true);
    const where = this.deps.locate(job);
    if (typeof where !== "string") return report(where.missing, false);
    try {
      const { result, thumbnails } = await provider.analyse(where, this.deps.optionsFor?.(job) ?? {}, signal);
      for (const t of thumbnails) await client.putThumbnail(job.id, t.name, t.jpeg);
      await client.complete(job.id, workerId, result);
      log(
        `analysis job ${job.id} (${job.camera}/${job.segment}, ${job.provider}) done in ` +
          `${Math.round((Date.now() - started) / 1000)} s: safety ${result.safetyScore}, ${result.incidents.length} incidents`,
      );
      return "completed";
    } catch (err) {
      const reason = signal.aborted ? signal.reason : err;
      if (reason instanceof LeaseLost || err instanceof LeaseLost) {
        log(`analysis job ${job.id}: lease lost (${(reason as Error).message}); result discarded`);
        return "lost";
      }
      return report(reason instanceof Error ? reason.message : String(reason), true);
    }
  }

  private async run(): Promise<void> {
    let backoff = 1_000;
    while (this.running) {
      let pause = 0;
      try {
        const outcome = await this.runOnce();
        backoff = 1_000;
        if (outcome === "idle") pause = this.deps.idlePollMs ?? 5_000;
      } catch (err) {
        this.deps.log(`analysis worker: ${(err as Error).message}; retrying in ${backoff / 1000} s`);
        pause = backoff;
        backoff = Math.min(backoff * 2, 60_000);
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
