import { readDeploy, yamlDocuments } from "./deploy-files.js";

/** The Prometheus job name the rules and the dashboard select with `job="…"`. */
export const HUB_JOB = "sitewatch-hub";

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

export interface ScrapeConfig {
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs?: unknown[] }>;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ expr: string; datasource?: { uid: string } }>;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: unknown }> };
}

export const scrapeConfig = () => yamlDocuments("prometheus/prometheus.yml")[0] as ScrapeConfig;

export const alertRules = (): AlertRule[] =>
  (
    yamlDocuments("prometheus/sitewatch-alerts.yml")[0] as { groups: Array<{ rules: AlertRule[] }> }
  ).groups.flatMap((g) => g.rules);

export const dashboard = (): Dashboard =>
  JSON.parse(readDeploy("grafana/sitewatch-dashboard.json")) as Dashboard;

/** Every PromQL expression of the dashboard: panel targets and the metric of label_values() variables. */
export function dashboardExprs(d: Dashboard): string[] {
  const targets = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const variables = d.templating.list
    .filter((v) => v.type === "query")
    .map((v) => {
      const query = typeof v.query === "string" ? v.query : (v.query as { query: string }).query;
      // label_values(metric, label): only the first argument is a metric.
      return /^label_values\(\s*([^,]+),/.exec(query)?.[1] ?? query;
    });
  return [...targets, ...variables];
}
