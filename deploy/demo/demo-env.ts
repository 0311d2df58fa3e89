import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root: this file is deploy/demo/demo-env.ts. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const port = z.coerce.number().int().min(1).max(65535);

// The only environment the launcher reads; everything else the hub and agent read themselves.
const demoEnvSchema = z.object({
  SITEWATCH_DATA_DIR: z.string().min(1).optional(),
  HUB_HTTP_PORT: port.default(8080),
  HUB_MQTT_PORT: port.default(1883),
  HUB_MQTT_WS_PORT: port.default(8083),
  /** auto: RTSP when GStreamer's RTSP server is installed, else the file; rtsp / file force one. */
  SITEWATCH_DEMO_SOURCE: z.enum(["auto", "rtsp", "file"]).default("auto"),
});

export interface DemoPaths {
  root: string;
  hub: string;
  agent: string;
  logs: string;
  credentials: string;
}

export interface DemoEnv {
  paths: DemoPaths;
  ports: { http: number; mqtt: number; mqttWs: number };
  source: "auto" | "rtsp" | "file";
  /** The environment the hub and agent inherit; the launcher adds their settings on top. */
  inherited: Record<string, string | undefined>;
}

export class DemoEnvError extends Error {}

export function demoPaths(dataDir: string | undefined): DemoPaths {
  const root = dataDir ? (isAbsolute(dataDir) ? dataDir : resolve(dataDir)) : resolve(REPO_ROOT, "data");
  return {
    root,
    hub: resolve(root, "hub"),
    agent: resolve(root, "agent"),
    logs: resolve(root, "logs"),
    credentials: resolve(root, "demo-credentials.json"),
  };
}

export function loadDemoEnv(env: Record<string, string | undefined> = process.env): DemoEnv {
  const parsed = demoEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new DemoEnvError(`invalid demo settings:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    paths: demoPaths(e.SITEWATCH_DATA_DIR),
    ports: { http: e.HUB_HTTP_PORT, mqtt: e.HUB_MQTT_PORT, mqttWs: e.HUB_MQTT_WS_PORT },
    source: e.SITEWATCH_DEMO_SOURCE,
    inherited: { ...env },
  };
}
