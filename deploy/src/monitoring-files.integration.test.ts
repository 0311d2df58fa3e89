import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, dashboard, dashboardExprs } from "./monitoring-files.test-support.js";
import { familiesOf, metricNames, seriesNames } from "./promql-names.test-support.js";

// promtool is not installed on the development machine, so the rules and the dashboard are checked
// here instead: every metric they name must be one a real hub exports. A renamed or removed metric
// fails this test instead of leaving an alert that can never fire or an empty panel.

/** Made by Prometheus itself for every target, not by the hub. */
const PROMETHEUS_SERIES = new Set(["up"]);

let hub: TestHub;
let exported: Set<string>;

beforeAll(async () => {
  hub = await startTestHub();
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  exported = seriesNames(familiesOf(text));
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

const unknown = (exprs: string[]) =>
  exprs.flatMap((expr) =>
    metricNames(expr)
      .filter((name) => !exported.has(name) && !PROMETHEUS_SERIES.has(name))
      .map((name) => `${name} in: ${expr}`),
  );

describe("metric names in deploy/prometheus and deploy/grafana", () => {
  it("reads a registry with the hub's own, the heartbeat and the default process metrics", () => {
    for (const name of [
      "sitewatch_build_info",
      "sitewatch_ingest_accepted_total",
      "sitewatch_camera_fps",
      "sitewatch_analysis_jobs",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(exported.has(name), name).toBe(true);
    }
  });

  it("finds a misspelt metric (the check can fail)", () => {
    expect(unknown(["rate(sitewatch_ingest_acepted_total[5m])"])).toEqual([
      "sitewatch_ingest_acepted_total in: rate(sitewatch_ingest_acepted_total[5m])",
    ]);
  });

  it("uses only metrics the hub exports in the alert rules", () => {
    const exprs = alertRules().map((r) => r.expr);
    expect(exprs.flatMap(metricNames).length).toBeGreaterThanOrEqual(exprs.length);
    expect(unknown(exprs)).toEqual([]);
  });

  it("uses only metrics the hub exports in the dashboard", () => {
    const exprs = dashboardExprs(dashboard());
    expect(exprs.flatMap(metricNames).length).toBeGreaterThanOrEqual(exprs.length);
    expect(unknown(exprs)).toEqual([]);
  });
});
