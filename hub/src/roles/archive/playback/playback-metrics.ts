import { Counter, Gauge, type Registry } from "prom-client";

export interface PlaybackMetrics {
  /** Playback requests by where the file came from: cache, upload (this request's), shared (another's). */
  requests: Counter<"source">;
  /** Device uploads the hub asked for, by how they ended. */
  uploads: Counter<"outcome">;
  /** Bytes of completed device uploads. */
  uploadBytes: Counter;
  /** PUTs refused before or while storing, by reason. */
  refusals: Counter<"reason">;
  evictions: Counter;
  /** Bytes served to players (whole files and ranges). */
  servedBytes: Counter;
}

export type UploadOutcome = "completed" | "offline" | "timeout" | "failed" | "too_large" | "broken";
export type UploadRefusal = "unknown_upload" | "foreign_device" | "too_large" | "bad_request";

/**
 * Archived playback's figures on the hub's registry. The cache's size is read when scraped, so the
 * gauge is always the cache's own count.
 */
export function createPlaybackMetrics(registry: Registry, cacheBytes: () => number): PlaybackMetrics {
  new Gauge({
    name: "sitewatch_playback_cache_bytes",
    help: "Bytes of archived segments in the hub's playback cache",
    registers: [registry],
    collect() {
      this.set(cacheBytes());
    },
  });
  return {
    requests: new Counter({
      name: "sitewatch_playback_requests_total",
      help: "Playback requests by source of the file: cache, upload (fetched for it), shared (joined a fetch in flight)",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
    uploads: new Counter({
      name: "sitewatch_playback_uploads_total",
      help: "Segment uploads asked of devices, by outcome: completed, offline, timeout, failed, too_large, broken",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    uploadBytes: new Counter({
      name: "sitewatch_playback_upload_bytes_total",
      help: "Bytes of archived segments devices uploaded for playback",
      registers: [registry],
    }),
    refusals: new Counter({
      name: "sitewatch_playback_upload_refusals_total",
      help: "Segment upload PUTs refused, by reason: unknown_upload, foreign_device, too_large, bad_request",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    evictions: new Counter({
      name: "sitewatch_playback_cache_evictions_total",
      help: "Cached segments removed to keep the cache within PLAYBACK_CACHE_MIB",
      registers: [registry],
    }),
    servedBytes: new Counter({
      name: "sitewatch_playback_served_bytes_total",
      help: "Bytes of archived video served to players",
      registers: [registry],
    }),
  };
}
