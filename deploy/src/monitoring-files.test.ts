import { describe, expect, it } from "vitest";
import { repoPathExists } from "./deploy-files.js";
import {
  alertRules,
  dashboard,
  dashboardExprs,
  HUB_JOB,
  scrapeConfig,
} from "./monitoring-files.test-support.js";
import { familiesOf, metricNames, seriesNames } from "./promql-names.test-support.js";

// The shape of the Prometheus and Grafana files; their metric names are checked against a running hub
// in monitoring-files.integration.test.ts.

describe("metricNames", () => {
  it("keeps metric names and drops functions, labels, ranges, grouping, strings and numbers", () => {
    const expr =
      'histogram_quantile(0.95, sum by (le) (rate(a_bucket{x="b_total"}[$__rate_interval]))) > 1e3 ' +
      'and on(instance) group_left(version) max without (site) (c_seconds offset 5m) or up{job="x"} == bool 2';
    expect(metricNames(expr).sort()).toEqual(["a_bucket", "c_seconds", "up"]);
  });
});

describe("seriesNames", () => {
  it("adds a histogram's and a summary's sample names, from # TYPE lines only", () => {
    const families = familiesOf("# HELP h x\n# TYPE h histogram\n# TYPE s summary\n# TYPE g gauge\ng 1\n");
    expect([...seriesNames(families)].sort()).toEqual([
      "g",
      "h",
      "h_bucket",
      "h_count",
      "h_sum",
      "s",
      "s_count",
      "s_sum",
    ]);
  });
});

describe("deploy/prometheus", () => {
  it("scrapes the hub's /metrics as the job the rules and dashboard select, and loads the rules", () => {
    const config = scrapeConfig();
    const jobs = config.scrape_configs.filter((c) => c.job_name === HUB_JOB);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.metrics_path).toBe("/metrics");
    expect(config.rule_files).toEqual(["sitewatch-alerts.yml"]);
    for (const file of config.rule_files) expect(repoPathExists(`deploy/prometheus/${file}`)).toBe(true);
  });

  it("has the alerts the operators asked for, each with a severity, a summary and a description", () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        "SitewatchHubDown",
        "SitewatchDeviceOffline",
        "SitewatchIngestRejectionsRising",
        "SitewatchIngestWriteErrors",
        "SitewatchOutboxBacklogGrowing",
        "SitewatchEventLoopLag",
        "SitewatchAnalysisJobsFailing",
      ]),
    );
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.expr, rule.alert).toEqual(expect.any(String));
      expect(["warning", "critical"], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).not.toBe("");
      expect(rule.annotations.description, rule.alert).not.toBe("");
      if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
    }
    const jobs = rules.flatMap((r) => [...r.expr.matchAll(/job="([^"]*)"/g)].map((m) => m[1]));
    expect(new Set(jobs)).toEqual(new Set([HUB_JOB]));
  });
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JavaScript template.
const DATASOURCE = "${datasource}";

describe("deploy/grafana", () => {
  const d = dashboard();
  const exprs = dashboardExprs(d);

  it("queries through the dashboard's Prometheus data source variable, with distinct panel ids", () => {
    expect(d.templating.list.find((v) => v.name === "datasource")?.type).toBe("datasource");
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    for (const panel of d.panels.filter((p) => p.type !== "row")) {
      expect(panel.datasource?.uid, panel.title).toBe(DATASOURCE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe(DATASOURCE);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it("shows ingest, latency, devices, cameras, outbox, jobs, live video and the process", () => {
    const used = new Set(exprs.flatMap(metricNames));
    for (const name of [
      "sitewatch_ingest_accepted_total",
      "sitewatch_e2e_capture_to_hub_seconds_bucket",
      "sitewatch_devices",
      "sitewatch_camera_fps",
      "sitewatch_camera_inference_seconds",
      "sitewatch_device_outbox_events",
      "sitewatch_analysis_jobs",
      "sitewatch_live_hls_sessions",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
    ]) {
      expect(used.has(name), name).toBe(true);
    }
  });
});
