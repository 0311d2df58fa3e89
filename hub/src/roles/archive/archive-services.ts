import type { AnalysisJob } from "@sitewatch/shared-protocol";
import type { RoleServiceDeps, RoleServices } from "../hub-role.js";
import { JobQueue } from "./jobs/job-queue.js";
import { PollingWakeups } from "./jobs/job-wakeups.js";
import { LeaseReaper } from "./jobs/lease-reaper.js";
import { createQueueMetrics } from "./jobs/queue-metrics.js";
import { createLiveHls, type LiveHls, type LiveHlsOptions } from "./live-hls/live-hls.js";
import { createPlayback, type Playback, type PlaybackOptions } from "./playback/playback.js";
import { analysisJobRoutes } from "./routes/analysis-jobs.js";
import { analysisThumbnailRoutes } from "./routes/analysis-thumbnails.js";
import { analysisWorkRoutes } from "./routes/analysis-work.js";
import { DeviceWorkerAuth } from "./routes/device-worker-auth.js";
import { segmentRoutes } from "./routes/segments.js";
import { createJobChangeRelay } from "./worker/job-change-relay.js";

export interface ArchiveServices extends RoleServices {
  readonly queue: JobQueue;
  readonly reaper: LeaseReaper;
  readonly liveHls: LiveHls;
  readonly playback: Playback;
}

/** Test overrides of the role's timings. */
export interface ArchiveServiceOptions {
  reapEveryMs?: number;
  liveHls?: LiveHlsOptions;
  playback?: PlaybackOptions;
}

/**
 * The archive role's hub side: the job queue's REST for dashboards (list, cancel, retry) and for
 * workers (claim, heartbeat, complete, fail), the lease reaper and a live event per status change; live
 * HLS while someone watches (live-hls/) and archived segments played on demand (playback/).
 * The hub runs no worker itself, so it polls nothing: its queue needs no LISTEN connection.
 */
export function createArchiveServices(
  deps: RoleServiceDeps,
  options: ArchiveServiceOptions = {},
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
  // `hub worker` processes change jobs behind this queue's back; on PostgreSQL their notices come here.
  const relay = createJobChangeRelay(deps.config, queue, emit, logger);
  const devices = new DeviceWorkerAuth(database.db, logger);
  const liveHls = createLiveHls(deps, devices, options.liveHls);
  const playback = createPlayback(deps, devices, options.playback);
  return {
    queue,
    reaper,
    liveHls,
    playback,
    routes: [
      analysisJobRoutes(queue),
      analysisWorkRoutes(queue, devices),
      analysisThumbnailRoutes(queue, devices),
      segmentRoutes,
      ...liveHls.routes,
      ...playback.routes,
    ],
    attach() {
      reaper.start();
      relay?.start().catch((err) => logger.error({ err }, "cannot listen for hub workers' job changes"));
      playback.start().catch((err) => logger.error({ err }, "the playback cache directory is unusable"));
    },
    async stop() {
      liveHls.stop();
      playback.stop();
      await reaper.stop();
      await relay?.stop();
      await queue.stop();
    },
  };
}
