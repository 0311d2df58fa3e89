import { Counter, Gauge, Histogram, type Registry } from "prom-client";

// 5 ms – 5 s: a frame normally takes tens of milliseconds; seconds mean the workers are saturated.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2, 5];

/**
 * The frame socket's Prometheus metrics, on the hub instance's own registry (so each instance reports
 * its own connections, throughput and latency, as the hub's other metrics do).
 */
export function createFrameMetrics(registry: Registry) {
  const registers = [registry];
  return {
    connections: new Gauge({
      name: "sitewatch_attention_frame_connections",
      help: "Clients connected to the attention frame socket",
      registers,
    }),
    connectionsRefused: new Counter({
      name: "sitewatch_attention_frame_connections_refused_total",
      help: "Frame socket upgrades refused, by error code",
      labelNames: ["reason"] as const,
      registers,
    }),
    received: new Counter({
      name: "sitewatch_attention_frames_received_total",
      help: "Binary messages received on the frame socket (every one is processed, dropped or malformed)",
      registers,
    }),
    processed: new Counter({
      name: "sitewatch_attention_frames_processed_total",
      help: "Frames analysed and answered with a result",
      registers,
    }),
    dropped: new Counter({
      name: "sitewatch_attention_frames_dropped_total",
      help:
        "Frames not analysed, by reason: duplicate, late (after its gap was skipped), queue_full (oldest " +
        "made room), refused (session not the caller's, or ended), failed (inference error), closed",
      labelNames: ["reason"] as const,
      registers,
    }),
    malformed: new Counter({
      name: "sitewatch_attention_frames_malformed_total",
      help: "Binary messages that were not a valid frame, by frame error code (TOO_LARGE for oversized ones)",
      labelNames: ["code"] as const,
      registers,
    }),
    detectorRuns: new Counter({
      name: "sitewatch_attention_frame_detector_runs_total",
      help:
        "Analysed frames on which the face detector ran (a session's first frame, every 30th, or after the " +
        "face was lost); the others ran only the face mesh, at about a third of the cost",
      registers,
    }),
    inferenceSeconds: new Histogram({
      name: "sitewatch_attention_frame_inference_seconds",
      help: "JPEG decode plus face detection and mesh in a worker, per frame",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    latencySeconds: new Histogram({
      name: "sitewatch_attention_frame_latency_seconds",
      help: "Frame received → result sent, including ordering and queueing",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    queued: new Gauge({
      name: "sitewatch_attention_frame_queue_depth",
      help: "Frames waiting for a worker, across all sessions",
      registers,
    }),
  };
}

export type FrameMetrics = ReturnType<typeof createFrameMetrics>;
