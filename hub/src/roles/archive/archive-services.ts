import type { AnalysisJob } from "@sitewatch/shared-protocol";
import type { RoleServiceDeps, RoleServices } from "../hub-role.js";
import { JobQueue } from "./jobs/job-queue.js";
import { PollingWakeups } from "./jobs/job-wakeups.js";
import { LeaseReaper } from "./jobs/lease-reaper.js";
import { createQueueMetrics } from "./jobs/queue-metrics.js";
import { analysisJobRoutes } from "./routes/analysis-jobs.js";
import { analysisThumbnailRoutes } from "./routes/analysis-thumbnails.js";
import { analysisWorkRoutes } from "./routes/analysis-work.js";
import { DeviceWorkerAuth } from "./routes/device-worker-auth.js";
import { segmentRoutes } from "./routes/segments.js";

export interface ArchiveServices extends RoleServices {
  readonly queue: JobQueue;
  readonly reaper: LeaseReaper;
}

/**
 * The archive role's hub side of the job queue: REST for dashboards (list, cancel, retry) and for
 * workers (claim, heartbeat, complete, fail), the lease reaper, and a live event per status change.
 * The hub runs no worker itself, so it polls nothing: its queue needs no LISTEN connection.
 */
export function createArchiveServices(
  deps: RoleServiceDeps,
  options: { reapEveryMs?: number } = {},
): ArchiveServices {
  const { database, events, metrics, logger } = deps;
  const emit = (job: AnalysisJob) =>
    events.emit("analysisJob", { site: job.site, device: job.device, camera: job.camera, data: job });
  // The gauge reads the table when scraped, by then the queue exists.
  const queueMetrics = createQueueMetrics(metrics.registry, () => queue.countByStatus());
  const queue = new JobQueue({
    db: database.db,
    wakeups: new PollingWakeups(),
    metrics: queueMetrics,
    onChange: emit,
  });
  const reaper = new LeaseReaper(queue, logger, options.reapEveryMs);
  const devices = new DeviceWorkerAuth(database.db, logger);
  return {
    queue,
    reaper,
    routes: [
      analysisJobRoutes(queue),
      analysisWorkRoutes(queue, devices),
      analysisThumbnailRoutes(queue, devices),
      segmentRoutes,
    ],
    attach() {
      reaper.start();
    },
    async stop() {
      await reaper.stop();
      await queue.stop();
    },
  };
}
