import type { ConfigPush } from "@sitewatch/shared-protocol";
import { validateAgentConfig } from "./agent-config-file.js";
import type { AgentCamera, AgentConfig } from "./agent-config-schema.js";

export type PushResult = { applied: true; config: AgentConfig } | { applied: false; reason: string };

/**
 * The hub's camera and seat setup merged into the local config. The push replaces the camera list;
 * what only the device knows (stream URLs the hub never saw, names, motion options) is kept per
 * camera id. Throws AgentConfigError, with every problem named, when the result would be invalid, so
 * the runner can answer the command with a `failed` ack carrying that text.
 */
export function applyConfigPush(config: AgentConfig, push: ConfigPush): PushResult {
  if (push.revision <= config.configRevision)
    return {
      applied: false,
      reason: `revision ${push.revision} is not newer than the applied ${config.configRevision}`,
    };
  const current = new Map(config.cameras.map((c) => [c.id, c]));
  const cameras = push.cameras.map((pushed): Partial<AgentCamera> => {
    const mine = current.get(pushed.camera);
    return {
      ...mine,
      id: pushed.camera,
      name: mine?.name ?? pushed.camera,
      enabled: pushed.enabled,
      // Without a URL in the push the device keeps its own; a new camera then has none, which the
      // schema reports as "cameras[i].url: must be a string".
      url: pushed.url ?? mine?.url,
      role: pushed.role,
      intervalMs: pushed.sampleIntervalMs,
      seats: pushed.seats,
      analysis: { ...mine?.analysis, ...pushed.seatRules } as AgentCamera["analysis"],
    };
  });
  const next = validateAgentConfig(
    { ...config, configRevision: push.revision, cameras },
    `config-push revision ${push.revision}`,
  );
  return { applied: true, config: next };
}
