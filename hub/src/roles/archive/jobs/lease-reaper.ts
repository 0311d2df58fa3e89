import type { Logger } from "../../../observability/logger.js";
import type { JobQueue } from "./job-queue.js";

/**
 * Periodically returns jobs whose lease ran out (the worker was killed or hung) to the queue. Every hub
 * instance may run one: the reaping statement skips rows another instance is reaping.
 */
export class LeaseReaper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly queue: Pick<JobQueue, "reap">,
    private readonly logger: Logger,
    private readonly everyMs = 5_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .finally(() => {
          this.running = undefined;
        });
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; exposed for tests and for a caller that wants to reap right now. */
  async sweep(): Promise<number> {
    try {
      const reaped = await this.queue.reap();
      if (reaped.length) {
        this.logger.warn(
          { jobs: reaped.length, failed: reaped.filter((j) => j.status === "failed").length },
          "analysis job leases expired; jobs returned to the queue",
        );
      }
      return reaped.length;
    } catch (err) {
      this.logger.warn({ err }, "analysis job reaper pass failed; retried on the next tick");
      return 0;
    }
  }
}
