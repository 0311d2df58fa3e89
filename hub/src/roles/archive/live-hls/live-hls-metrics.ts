import { Counter, Gauge, type Registry } from "prom-client";

export interface LiveHlsMetrics {
  /** Segment PUTs taken, by outcome: stored, duplicate (a retried PUT of the newest segment). */
  segments: Counter<"outcome">;
  bytes: Counter;
  /** Segment PUTs refused, by reason. */
  refusals: Counter<"reason">;
  /** HLS sessions the hub started on devices. */
  sessionStarts: Counter;
  /** Playlist requests that found no segment in time, by answer: offline, failed, timeout. */
  noVideo: Counter<"answer">;
}

export type LiveHlsRefusal =
  | "unknown_session"
  | "foreign_device"
  | "too_large"
  | "buffer_full"
  | "busy"
  | "bad_request";

/** Live HLS figures on the hub's registry; the gauges are read from their owners when scraped. */
export function createLiveHlsMetrics(
  registry: Registry,
  read: { sessions: () => number; bufferedBytes: () => number },
): LiveHlsMetrics {
  new Gauge({
    name: "sitewatch_live_hls_sessions",
    help: "Cameras streaming live HLS to the hub because someone watches them",
    registers: [registry],
    collect() {
      this.set(read.sessions());
    },
  });
  new Gauge({
    name: "sitewatch_live_hls_buffer_bytes",
    help: "Bytes of live HLS segments the hub holds in memory",
    registers: [registry],
    collect() {
      this.set(read.bufferedBytes());
    },
  });
  return {
    segments: new Counter({
      name: "sitewatch_live_hls_segments_total",
      help: "Live HLS segment uploads taken, by outcome: stored, duplicate",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    bytes: new Counter({
      name: "sitewatch_live_hls_bytes_total",
      help: "Bytes of live HLS segments stored",
      registers: [registry],
    }),
    refusals: new Counter({
      name: "sitewatch_live_hls_refusals_total",
      help: "Live HLS segment uploads refused, by reason: unknown_session, foreign_device, too_large, buffer_full, busy, bad_request",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    sessionStarts: new Counter({
      name: "sitewatch_live_hls_session_starts_total",
      help: "Live HLS sessions started on devices for a first viewer",
      registers: [registry],
    }),
    noVideo: new Counter({
      name: "sitewatch_live_hls_no_video_total",
      help: "Playlist requests answered without video, by answer: offline, failed, timeout",
      labelNames: ["answer"] as const,
      registers: [registry],
    }),
  };
}
