import { type CameraRole, cameraRoles } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { roleCameraSchema } from "../agent-config/camera-base.js";
import { attentionRole } from "./attention/attention-role.js";
import { gateRole } from "./gate/gate-role.js";
import { isRunnable, type RoleEntry } from "./role-module.js";
import { seatsRole } from "./seats/seats-role.js";
import type { ModelName } from "./shared-models.js";

// Agents before roles wrote seat settings on every camera. A camera of a role that has none takes them
// and drops them, so such a file still loads; the next save leaves them out.
const formerSeatSettings = {
  seats: z.array(z.unknown()).max(0).optional(),
  motion: z.unknown().optional(),
  analysis: z.unknown().optional(),
};

/**
 * A role the protocol names but this agent cannot run yet: only its camera entry. Every role runs
 * today; the next role starts here, and tests use it to play an agent that cannot run one.
 */
export function planned<R extends CameraRole>(role: R) {
  return {
    camera: roleCameraSchema(z.literal(role), formerSeatSettings).transform(
      ({ seats: _s, motion: _m, analysis: _a, ...camera }) => camera,
    ),
  } satisfies RoleEntry;
}

/**
 * Every role of the protocol's list, and what this agent knows of it: a runnable role's module, or only
 * the camera entry of a planned one. The agent's config file, `edge-agent run`, `doctor` and `init` all
 * read this table; adding a role is one line here (see docs/architecture.md, "Adding a role").
 */
export const roleTable = {
  seats: seatsRole,
  gate: gateRole,
  attention: attentionRole,
} satisfies RoleTable;

/** Any table of the same shape; tests pass one with a role of their own to `createAgent`. */
export type RoleTable = { readonly [R in CameraRole]: RoleEntry };

/** Why this agent cannot analyse cameras of `role`, or undefined when it can. */
export function roleProblem(role: CameraRole, roles: RoleTable = roleTable): string | undefined {
  if (isRunnable(roles[role])) return undefined;
  const runs = cameraRoles.filter((r) => isRunnable(roles[r]));
  return `this agent cannot run ${role} cameras yet (it runs: ${runs.join(", ") || "none"})`;
}

/** Every model some runnable role needs. */
export function modelsOf(roles: RoleTable = roleTable): ModelName[] {
  return modelsOfRoles(cameraRoles, roles);
}

/**
 * The models the enabled `cameras` need: what `edge-agent run` loads before it starts, so a device
 * with seats cameras only never loads OCR (a config push adding a gate camera loads it then).
 */
export function modelsFor(
  cameras: readonly { role: CameraRole; enabled: boolean }[],
  roles: RoleTable = roleTable,
): ModelName[] {
  return modelsOfRoles(
    cameras.filter((c) => c.enabled).map((c) => c.role),
    roles,
  );
}

function modelsOfRoles(names: readonly CameraRole[], roles: RoleTable): ModelName[] {
  return [...new Set(names.flatMap((r) => (isRunnable(roles[r]) ? roles[r].models : [])))];
}
