import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * Metrics of live focus sessions, on the hub's registry. The sessions' batch writer has its own
 * pending/flush figures, so the ingest writer's (which the hub benchmark reads) stay the devices' alone.
 */
export function createFocusMetrics(registry: Registry) {
  const registers = [registry];
  return {
    sessionsLive: new Gauge({
      name: "sitewatch_focus_sessions_live",
      help: "Focus sessions running on this hub instance",
      labelNames: ["source"] as const,
      registers,
    }),
    sessionsEnded: new Counter({
      name: "sitewatch_focus_sessions_ended_total",
      help: "Focus sessions ended, by reason: ended (asked), idle, disconnected, shutdown",
      labelNames: ["reason"] as const,
      registers,
    }),
    samples: new Counter({
      name: "sitewatch_focus_samples_total",
      help: "Face samples run through a session's attention machine",
      labelNames: ["source"] as const,
      registers,
    }),
    samplesDropped: new Counter({
      name: "sitewatch_focus_samples_dropped_total",
      help: "Samples not analysed, by reason: rate (over the per-session bound), duplicate, order, clock, paused, unknown (no such session of the caller)",
      labelNames: ["reason"] as const,
      registers,
    }),
    requestsRejected: new Counter({
      name: "sitewatch_focus_requests_rejected_total",
      help: "focus:* requests refused, by event and error code (validation, access, limits)",
      labelNames: ["event", "code"] as const,
      registers,
    }),
    alerts: new Counter({
      name: "sitewatch_focus_alerts_total",
      help: "Alerts sent to learners, by kind",
      labelNames: ["kind"] as const,
      registers,
    }),
    answerSeconds: new Histogram({
      name: "sitewatch_focus_answer_seconds",
      help: "Sample received → focus:state handed to the learner's connection (frames: the frame received, so inference included)",
      labelNames: ["source"] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1],
      registers,
    }),
    // The BatchWriter's own figures, under focus names.
    pendingRows: new Gauge({
      name: "sitewatch_focus_pending_rows",
      help: "Focus-session rows waiting for their batch writer",
      registers,
    }),
    flushSeconds: new Histogram({
      name: "sitewatch_focus_flush_seconds",
      help: "Time to write one batch of focus-session rows",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    flushRows: new Histogram({
      name: "sitewatch_focus_flush_rows",
      help: "Focus-session rows written per batch",
      buckets: [1, 10, 50, 100, 250, 500, 1000],
      registers,
    }),
    ingestBackpressureWaits: new Counter({
      name: "sitewatch_focus_backpressure_waits_total",
      help: "Times focus-session rows piled up past the writer's bound",
      registers,
    }),
  };
}

export type FocusMetrics = ReturnType<typeof createFocusMetrics>;
