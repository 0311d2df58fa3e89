import { join } from "node:path";
import { playbackSettingsOf } from "../../../config.js";
import { ApiError } from "../../../errors/api-error.js";
import type { RouteRegistrar } from "../../../http/app-types.js";
import type { RoleServiceDeps } from "../../hub-role.js";
import type { DeviceWorkerAuth } from "../routes/device-worker-auth.js";
import { PlaybackCache } from "./playback-cache.js";
import { playbackFileRoutes } from "./playback-files.js";
import { createPlaybackMetrics } from "./playback-metrics.js";
import { playbackRequestRoutes } from "./playback-requests.js";
import { PlaybackTickets } from "./playback-tickets.js";
import { SegmentFetcher } from "./segment-fetcher.js";
import { segmentUploadRoutes } from "./segment-uploads.js";
import { UploadSlots } from "./upload-slots.js";

/** Test overrides; the sizes come from the hub's config (PLAYBACK_CACHE_MIB, PLAYBACK_MAX_SEGMENT_MIB). */
export interface PlaybackOptions {
  /** From the segmentUpload command to the last byte of the file; default 120 s. */
  uploadTimeoutMs?: number;
  /** How long a playback URL works; default 10 minutes. */
  ticketTtlMs?: number;
}

export interface Playback {
  readonly routes: readonly RouteRegistrar[];
  readonly cache: PlaybackCache;
  readonly fetcher: SegmentFetcher;
  readonly tickets: PlaybackTickets;
  readonly slots: UploadSlots;
  /** Empties the cache directory (what a previous run left is not counted). */
  start(): Promise<void>;
  stop(): void;
}

/** The directory under HUB_DATA_DIR that holds the fetched segments. */
export const PLAYBACK_CACHE_DIR = "playback-cache";

/**
 * Archived segments played on demand: a viewer's request brings the file from its device once (never
 * wholesale), the hub keeps it in a bounded disk cache and hands out short-lived ticket URLs to it.
 */
export function createPlayback(
  deps: Pick<RoleServiceDeps, "config" | "commands" | "metrics" | "logger">,
  devices: DeviceWorkerAuth,
  options: PlaybackOptions = {},
): Playback {
  const { config, commands, logger } = deps;
  const settings = playbackSettingsOf(config);
  const metrics = createPlaybackMetrics(deps.metrics.registry, () => cache.bytes);
  const cache = new PlaybackCache({
    dir: join(config.dataDir, PLAYBACK_CACHE_DIR),
    maxBytes: settings.cacheBytes,
    logger,
    onEvict: () => metrics.evictions.inc(),
  });
  const slots = new UploadSlots();
  const tickets = new PlaybackTickets({ ttlMs: options.ticketTtlMs });
  const fetcher = new SegmentFetcher({
    commands,
    cache,
    slots,
    metrics,
    maxSegmentBytes: settings.maxSegmentBytes,
    commandTimeoutMs: config.commandTimeoutMs,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 120_000,
  });
  return {
    routes: [
      playbackRequestRoutes(fetcher, tickets),
      playbackFileRoutes(tickets, cache, metrics),
      segmentUploadRoutes({ devices, slots, cache, metrics, maxSegmentBytes: settings.maxSegmentBytes }),
    ],
    cache,
    fetcher,
    tickets,
    slots,
    start: () => cache.start(),
    stop() {
      slots.failAll(new ApiError("INTERNAL", "the hub is shutting down"));
    },
  };
}
