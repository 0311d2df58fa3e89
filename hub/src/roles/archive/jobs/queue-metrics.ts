import { analysisJobStatuses } from "@sitewatch/shared-protocol";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface QueueMetrics {
  claims: Counter<"place" | "outcome">;
  completions: Counter;
  failures: Counter<"final">;
  claimSeconds: Histogram;
}

/**
 * The job queue's figures on the hub's registry. The status gauge is read from the table when scraped,
 * so every instance (and every `hub worker`) reports the same truth without counting transitions.
 */
export function createQueueMetrics(
  registry: Registry,
  countByStatus: () => Promise<Record<string, number>>,
): QueueMetrics {
  new Gauge({
    name: "sitewatch_analysis_jobs",
    help: "Analysis jobs by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const counts = await countByStatus();
      for (const status of analysisJobStatuses) this.set({ status }, counts[status] ?? 0);
    },
  });
  return {
    claims: new Counter({
      name: "sitewatch_analysis_job_claims_total",
      help: "Claim requests by place and outcome (claimed, empty)",
      labelNames: ["place", "outcome"] as const,
      registers: [registry],
    }),
    completions: new Counter({
      name: "sitewatch_analysis_job_completions_total",
      help: "Analysis jobs completed",
      registers: [registry],
    }),
    failures: new Counter({
      name: "sitewatch_analysis_job_failures_total",
      help: "Failed attempts; final=true when the job failed for good (no retry left, or not retryable)",
      labelNames: ["final"] as const,
      registers: [registry],
    }),
    claimSeconds: new Histogram({
      name: "sitewatch_analysis_job_claim_seconds",
      help: "Time of one claim statement",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}
