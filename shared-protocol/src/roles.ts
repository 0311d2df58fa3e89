import { z } from "zod";

/**
 * The camera roles, defined once: the config push, the hub's camera table and REST API, the edge
 * agent's config file, `edge-agent init` and the dashboard all take this list. A role named here but not
 * (yet) run by an agent is still valid everywhere; the agent reports such cameras instead of analysing them.
 */
export const cameraRoles = ["seats", "gate", "attention"] as const;
export const cameraRoleSchema = z.enum(cameraRoles);
export type CameraRole = z.infer<typeof cameraRoleSchema>;

/**
 * Every role, camera roles and the rest: a role that is not a camera's (archive: recording is a per-camera
 * option, its pages and jobs span the site) still plugs into each package's registration table.
 */
export const roleNames = [...cameraRoles, "archive"] as const;
export type RoleName = (typeof roleNames)[number];
