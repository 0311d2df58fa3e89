import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { registerBuildInfo } from "./build-info.js";
import type { DeviceFiguresOptions } from "./device-figures.js";
import { createDeviceMetrics } from "./device-metrics.js";
import { DeviceLatency } from "./latency.js";

// 10 ms – 10 s: a seat change normally reaches the hub in a fraction of a second; seconds mean a
// backlog (store-and-forward after an outage) or a slow detector, both worth seeing in the tail.
const E2E_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/**
 * The hub's Prometheus metrics. One registry per hub instance (not the global one), so tests can run
 * several hubs in one process and read each one's figures.
 */
export function createMetrics(options: { devices?: DeviceFiguresOptions; now?: () => number } = {}) {
  const registry = new Registry();
  // Unprefixed, so the process_* and nodejs_* names of every Node.js exporter fit stock dashboards and rules.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  registerBuildInfo(registry);
  const metrics = {
    registry,
    ingestAccepted: new Counter({
      name: "sitewatch_ingest_accepted_total",
      help: "Device messages accepted, by message kind",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    ingestRejected: new Counter({
      name: "sitewatch_ingest_rejected_total",
      help: "Device messages rejected, by error code",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    ingestDuplicates: new Counter({
      name: "sitewatch_ingest_duplicates_total",
      help: "Events dropped because their id or sequence number was already seen",
      registers: [registry],
    }),
    sequenceGaps: new Counter({
      name: "sitewatch_ingest_sequence_gap_events_total",
      help: "Device events lost: sequence numbers skipped and still missing after the grace period",
      registers: [registry],
    }),
    ingestSequence: new Counter({
      name: "sitewatch_ingest_sequence_total",
      help: "Device events by sequence verdict: gap (jumped ahead), late (filled a gap), old (replay), restart",
      labelNames: ["verdict"] as const,
      registers: [registry],
    }),
    confirmationsSent: new Counter({
      name: "sitewatch_delivery_confirmations_total",
      help: "Settled messages sent to devices (each confirms the QoS 1 events one device had settled in ~200 ms)",
      registers: [registry],
    }),
    confirmationDrops: new Counter({
      name: "sitewatch_delivery_confirmation_drops_total",
      help: "Settled device events whose confirmation was not sent (the device resends them later and they are confirmed then), by reason: devices, ranges (a bound was hit), publish, stopped",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    ingestBackpressureWaits: new Counter({
      name: "sitewatch_ingest_backpressure_waits_total",
      help: "Accepted messages whose transport had to wait because too many rows were pending",
      registers: [registry],
    }),
    pendingRows: new Gauge({
      name: "sitewatch_ingest_pending_rows",
      help: "Accepted rows waiting for the batch writer",
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: "sitewatch_ingest_flush_seconds",
      help: "Time to write one batch",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    flushRows: new Histogram({
      name: "sitewatch_ingest_flush_rows",
      help: "Rows written per batch",
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500],
      registers: [registry],
    }),
    dbErrors: new Counter({
      name: "sitewatch_db_errors_total",
      help: "Database operations that failed (each is retried or reported)",
      labelNames: ["operation"] as const,
      registers: [registry],
    }),
    mqttClients: new Gauge({
      name: "sitewatch_mqtt_clients",
      help: "MQTT clients connected to the embedded broker",
      registers: [registry],
    }),
    mqttAuthFailures: new Counter({
      name: "sitewatch_mqtt_auth_failures_total",
      help: "MQTT connects, publishes or subscribes refused, by kind",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    mqttRefused: new Counter({
      name: "sitewatch_mqtt_connections_refused_total",
      help: "MQTT connections cut off for their framing (oversized or malformed packets, floods before login)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    authThrottled: new Counter({
      name: "sitewatch_auth_throttled_total",
      help:
        "Logins (scope login) and MQTT connects (scope mqtt) refused without checking the password: " +
        "the account, address or client was locked out after failures, or the password hasher was busy",
      labelNames: ["scope", "reason"] as const,
      registers: [registry],
    }),
    socketClients: new Gauge({
      name: "sitewatch_socket_clients",
      help: "Dashboards connected over Socket.IO",
      registers: [registry],
    }),
    socketSlowDisconnects: new Counter({
      name: "sitewatch_socket_slow_disconnects_total",
      help: "Dashboards disconnected because they stopped reading and their send buffer overflowed",
      registers: [registry],
    }),
    socketRejected: new Counter({
      name: "sitewatch_socket_rejected_total",
      help: "Socket.IO handshakes and requests refused, by error code",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: "sitewatch_http_requests_total",
      help: "REST requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpSeconds: new Histogram({
      name: "sitewatch_http_request_seconds",
      help: "REST request duration",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commands: new Counter({
      name: "sitewatch_commands_total",
      help: "Device commands by name and outcome",
      labelNames: ["name", "outcome"] as const,
      registers: [registry],
    }),
    alerts: new Counter({
      name: "sitewatch_alerts_total",
      help: "Alerts raised, resolved and acknowledged, by kind",
      labelNames: ["kind", "event"] as const,
      registers: [registry],
    }),
    eventListenerFailures: new Counter({
      name: "sitewatch_event_listener_failures_total",
      help: "Internal domain-event listeners that threw or rejected (the emitter and other listeners go on), by event",
      labelNames: ["event"] as const,
      registers: [registry],
    }),
    e2eCaptureToHub: new Histogram({
      name: "sitewatch_e2e_capture_to_hub_seconds",
      help: "From the camera frame that decided a seat change (device clock) to the hub receiving it",
      buckets: E2E_BUCKETS,
      registers: [registry],
    }),
    e2eHubToEmit: new Histogram({
      name: "sitewatch_e2e_hub_to_dashboard_emit_seconds",
      help: "From the hub receiving a stamped seat change to handing it to the dashboards' broadcaster",
      buckets: [0.0005, 0.001, 0.0025, 0.005, ...E2E_BUCKETS],
      registers: [registry],
    }),
    e2eClockSkew: new Counter({
      name: "sitewatch_e2e_clock_skew_total",
      help:
        "Device times in the hub's future: seat-change captures ahead of its clock (latency counted as 0 s) " +
        "and events refused for a time beyond INGEST_MAX_CLOCK_SKEW_MS",
      registers: [registry],
    }),
  };
  const latency = new DeviceLatency({
    captureToHub: metrics.e2eCaptureToHub,
    hubToEmit: metrics.e2eHubToEmit,
    clockSkew: metrics.e2eClockSkew,
  });
  const devices = createDeviceMetrics(registry, options.devices, options.now);
  return { ...metrics, latency, devices };
}

export type Metrics = ReturnType<typeof createMetrics>;
