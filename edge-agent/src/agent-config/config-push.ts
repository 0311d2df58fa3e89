import type { ConfigPush } from "@sitewatch/shared-protocol";
import { type RoleTable, roleTable } from "../roles/role-table.js";
import { validateAgentConfig } from "./agent-config-file.js";
import type { AgentConfig } from "./agent-config-schema.js";
import { pushedStream } from "./camera-secrets.js";

export type PushResult = { applied: true; config: AgentConfig } | { applied: false; reason: string };

/**
 * The hub's camera setup merged into the local config. The push replaces the camera list; what only
 * the device knows (stream URLs the hub never saw, names, maxWidth, recording, and a role's device-side settings
 * such as the seats' motion options) is kept per camera id, the role's settings only while its role
 * stays the same. Throws AgentConfigError, with every problem named, when the result would be invalid,
 * so the runner can answer the command with a `failed` ack carrying that text.
 */
export function applyConfigPush(
  config: AgentConfig,
  push: ConfigPush,
  roles: RoleTable = roleTable,
): PushResult {
  if (push.revision <= config.configRevision)
    return {
      applied: false,
      reason: `revision ${push.revision} is not newer than the applied ${config.configRevision}`,
    };
  const current = new Map(config.cameras.map((c) => [c.id, c]));
  const cameras = push.cameras.map((pushed) => {
    const mine = current.get(pushed.camera);
    const sameRole = mine?.role === pushed.role ? mine : undefined;
    return {
      ...sameRole,
      id: pushed.camera,
      name: mine?.name ?? pushed.camera,
      enabled: pushed.enabled,
      // Without a URL in the push the device keeps its own; a new camera then has none, which the
      // schema reports as "cameras[i].url: must be a string". The password's source (passwordEnv,
      // passwordFile) belongs to the stream, so it is kept whatever role the hub pushes.
      ...pushedStream(mine, pushed.url),
      role: pushed.role,
      intervalMs: pushed.sampleIntervalMs,
      ...(mine?.maxWidth === undefined ? {} : { maxWidth: mine.maxWidth }),
      // Recording is the device's own setting (its disk), kept whatever role the hub pushes.
      ...(mine?.record === undefined ? {} : { record: mine.record }),
      ...roles[pushed.role].fromPush?.(pushed, sameRole),
    };
  });
  const next = validateAgentConfig(
    { ...config, configRevision: push.revision, cameras },
    `config-push revision ${push.revision}`,
  );
  return { applied: true, config: next };
}
