import type { AgentCamera } from "../../../agent-config/agent-config-schema.js";
import type { AnalysisZone } from "../analysis/analysis-provider.js";

/**
 * The zones the built-in analyser measures dwell in, taken from what the camera's role already knows:
 * a seats camera's seat polygons (one zone per seat) and a gate camera's tracking zone. Other roles
 * have none, and the analyser then reports person counts, crowding and objects left behind only.
 */
export function cameraZones(camera: AgentCamera | undefined): AnalysisZone[] {
  if (!camera) return [];
  if (camera.role === "seats")
    return camera.seats.filter((s) => s.active).map((s) => ({ name: s.seat, polygon: s.polygon }));
  if (camera.role === "gate") return [{ name: "gate", polygon: camera.zone }];
  return [];
}
