import { Counter, Gauge, type Registry } from "prom-client";

/** The notification counters, added to the hub's registry in the style of observability/metrics.ts. */
export interface NotificationMetrics {
  /** Attempts by channel kind and outcome: sent, retry (failed, tried again later), failed (given up). */
  attempts: Counter<"kind" | "outcome">;
  /** Alert events not enqueued for a channel, by kind and reason (quiet-hours, kind, event, disabled). */
  skipped: Counter<"kind" | "reason">;
  /** Deliveries waiting for their next attempt, as of the last poll. */
  pending: Gauge;
}

// The REST routes (test sends) and the dispatcher share one set per registry: prom-client refuses to
// register a name twice.
const byRegistry = new WeakMap<Registry, NotificationMetrics>();

export function notificationMetrics(registry: Registry): NotificationMetrics {
  const known = byRegistry.get(registry);
  if (known) return known;
  const made: NotificationMetrics = {
    attempts: new Counter({
      name: "sitewatch_notifications_attempts_total",
      help: "Notification delivery attempts by channel kind and outcome (sent, retry, failed)",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    skipped: new Counter({
      name: "sitewatch_notifications_skipped_total",
      help: "Alert events not sent to a channel, by channel kind and reason (quiet-hours, kind, event, disabled)",
      labelNames: ["kind", "reason"] as const,
      registers: [registry],
    }),
    pending: new Gauge({
      name: "sitewatch_notifications_pending",
      help: "Notification deliveries waiting for their next attempt",
      registers: [registry],
    }),
  };
  byRegistry.set(registry, made);
  return made;
}
