import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoPaths } from "./demo-env.js";
import type { DemoSite } from "./demo-site.js";
import { AGENT_CREDENTIALS_FILE } from "./provision.js";

export const AGENT_CONFIG_FILE = "sitewatch-agent.json";

export interface AgentConfigInputs {
  hubUrl: string;
  mqttUrl: string;
  cameraUrl: string;
  /** The gate camera's stream, when the demo has one. */
  gateUrl?: string;
  /** The hub's config revision for the device and its seats, so the file matches the hub. */
  revision: number;
  seats: { id: string; polygon: [number, number][]; kind: string; active: boolean }[];
}

/**
 * Writes the agent's config for this run. Rewritten every start because the ports and the stream URL
 * can change between runs; the seats and revision come from the hub, which stays the source of truth
 * (seats edited in the dashboard survive a restart). Plain JSON is valid for the agent's commented-JSON
 * reader; the agent rewrites it with comments when the hub pushes a change.
 */
export function writeAgentConfig(paths: DemoPaths, site: DemoSite, inputs: AgentConfigInputs): string {
  if (!existsSync(join(paths.agent, AGENT_CREDENTIALS_FILE)))
    throw new Error(`the agent's credentials are missing from ${paths.agent}; run npm run reset`);
  const gate = site.gateCamera;
  const gateCameras =
    inputs.gateUrl === undefined
      ? []
      : [
          {
            id: gate.id,
            name: gate.name,
            url: inputs.gateUrl,
            role: "gate",
            intervalMs: gate.intervalMs,
            vehicleClasses: gate.vehicleClasses,
            scoreThreshold: gate.detectorScoreThreshold,
          },
        ];
  const config = {
    hub: { url: inputs.hubUrl, mqttUrl: inputs.mqttUrl },
    device: { site: site.site.id, id: site.device.id, credentialsFile: AGENT_CREDENTIALS_FILE },
    dataDir: "state",
    // One inference thread leaves the second core of a small machine to the hub and the browser. The
    // gate camera sets its own, lower threshold; the seats keep the agent's.
    detector: { model: "centernet", threads: 1, scoreThreshold: 0.4 },
    configRevision: inputs.revision,
    cameras: [
      {
        id: site.camera.id,
        name: site.camera.name,
        url: inputs.cameraUrl,
        role: "seats",
        intervalMs: site.camera.intervalMs,
        seats: inputs.seats.map((s) => ({ seat: s.id, polygon: s.polygon, kind: s.kind, active: s.active })),
        motion: site.motion,
        analysis: site.analysis,
      },
      ...gateCameras,
    ],
    privacy: { blurFaces: true },
  };
  const file = join(paths.agent, AGENT_CONFIG_FILE);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
