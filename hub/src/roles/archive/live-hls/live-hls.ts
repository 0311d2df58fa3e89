import type { RouteRegistrar } from "../../../http/app-types.js";
import type { RoleServiceDeps } from "../../hub-role.js";
import type { DeviceWorkerAuth } from "../routes/device-worker-auth.js";
import { type HlsViewerOptions, HlsViewers } from "./hls-viewers.js";
import { createLiveHlsMetrics } from "./live-hls-metrics.js";
import { DEFAULT_HLS_LIMITS, type LiveHlsLimits, LiveHlsStore } from "./live-hls-store.js";
import { liveHlsUploadRoutes } from "./live-hls-uploads.js";
import { livePlaylistRoutes } from "./live-playlist.js";
import { liveSegmentRoutes } from "./live-segments.js";

/** Test overrides of the live HLS timings and bounds. */
export interface LiveHlsOptions
  extends Pick<HlsViewerOptions, "idleMs" | "ttlMs" | "renewMs" | "segmentMs" | "maxSessions"> {
  limits?: Partial<LiveHlsLimits>;
  /** How long a playlist request waits for a new session's first segment; default 10 s. */
  firstSegmentWaitMs?: number;
}

export interface LiveHls {
  readonly routes: readonly RouteRegistrar[];
  readonly store: LiveHlsStore;
  readonly viewers: HlsViewers;
  stop(): void;
}

/**
 * Live HLS at the live edge, only while someone watches: viewers' playlist requests start and keep a
 * session on the device, which uploads short MPEG-TS segments with its own credentials; the hub keeps
 * the last few of each session in memory and serves them to players with the viewers' tokens.
 */
export function createLiveHls(
  deps: Pick<RoleServiceDeps, "commands" | "metrics" | "logger">,
  devices: DeviceWorkerAuth,
  options: LiveHlsOptions = {},
): LiveHls {
  const store = new LiveHlsStore({ ...DEFAULT_HLS_LIMITS, ...options.limits });
  const metrics = createLiveHlsMetrics(deps.metrics.registry, {
    sessions: () => viewers.size,
    bufferedBytes: () => store.bufferedBytes,
  });
  const viewers = new HlsViewers({
    commands: deps.commands,
    store,
    logger: deps.logger,
    idleMs: options.idleMs,
    ttlMs: options.ttlMs,
    renewMs: options.renewMs,
    segmentMs: options.segmentMs,
    maxSessions: options.maxSessions,
    onStart: () => metrics.sessionStarts.inc(),
  });
  const playlist = { viewers, store, metrics, firstSegmentWaitMs: options.firstSegmentWaitMs };
  return {
    routes: [
      livePlaylistRoutes(playlist),
      liveSegmentRoutes(viewers, store),
      liveHlsUploadRoutes(store, devices, metrics),
    ],
    store,
    viewers,
    stop: () => viewers.close(),
  };
}
