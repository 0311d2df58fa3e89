import { z } from "zod";

/**
 * Settings of the MQTT integrations (integrations/, mqtt/integrator-acl.ts): a read-only broker account
 * for tools such as Home Assistant or Node-RED, and Home Assistant MQTT discovery published by the hub.
 * Kept beside config-env.ts, whose schema spreads these fields in and runs the check below.
 */
export const integrationsEnv = {
  HUB_INTEGRATOR_USERNAME: z
    .string()
    // No '.': `<site>.<device>` is the shape of a device's username, which enrolling could claim.
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "1-64 letters, digits, '-' or '_' (no '.', which device names use)")
    .optional()
    .describe("Read-only MQTT account for integrators (state topics only); needs HUB_INTEGRATOR_PASSWORD"),
  HUB_INTEGRATOR_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  HUB_HOME_ASSISTANT: z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .transform((v) => v === "true" || v === "1" || v === "yes")
    .default(false)
    .describe("Publish Home Assistant MQTT discovery for seats, gate cameras, devices and cameras"),
  HUB_HOME_ASSISTANT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "topic levels of letters, digits, '-' or '_'")
    .default("homeassistant")
    .describe("Home Assistant's discovery prefix"),
};

type IntegrationsEnv = z.infer<z.ZodObject<typeof integrationsEnv>> & {
  NATS_URL?: string[];
  MQTT_USERNAME?: string;
};

/**
 * Both halves of the account or neither; and neither integration with NATS, whose MQTT accounts
 * (nats-files.ts) export device subjects to the hub only and where the hub publishes no retained topics.
 */
export function checkIntegrations(e: IntegrationsEnv, ctx: z.RefinementCtx): void {
  if (Boolean(e.HUB_INTEGRATOR_USERNAME) !== Boolean(e.HUB_INTEGRATOR_PASSWORD)) {
    const message = "HUB_INTEGRATOR_USERNAME and HUB_INTEGRATOR_PASSWORD must be set together";
    ctx.addIssue({ code: "custom", path: ["HUB_INTEGRATOR_USERNAME"], message });
  }
  if (e.HUB_INTEGRATOR_USERNAME && e.HUB_INTEGRATOR_USERNAME === e.MQTT_USERNAME) {
    const message = "the integrator account must not be the hub's own account (MQTT_USERNAME)";
    ctx.addIssue({ code: "custom", path: ["HUB_INTEGRATOR_USERNAME"], message });
  }
  if (!e.NATS_URL) return;
  if (e.HUB_INTEGRATOR_USERNAME) {
    const message =
      "the read-only integrator account is not supported with NATS_URL: give integrators a NATS user by hand (see docs/nats-broker.md)";
    ctx.addIssue({ code: "custom", path: ["HUB_INTEGRATOR_USERNAME"], message });
  }
  if (e.HUB_HOME_ASSISTANT) {
    const message = "Home Assistant discovery is not supported with NATS_URL (it needs an MQTT broker)";
    ctx.addIssue({ code: "custom", path: ["HUB_HOME_ASSISTANT"], message });
  }
}

export interface HomeAssistantSettings {
  /** Where Home Assistant looks for discovery configs (`<prefix>/<component>/<node>/<object>/config`). */
  discoveryPrefix: string;
  /** The hub-owned root of the entities' retained state topics; fixed, so ACLs can name it. */
  stateRoot: string;
}

export interface IntegrationSettings {
  /** The read-only integrator account; absent when not configured. */
  integrator?: { username: string; password: string };
  /** Home Assistant discovery; absent when HUB_HOME_ASSISTANT is off. */
  homeAssistant?: HomeAssistantSettings;
}

/** Below `sitewatch/` like every Sitewatch topic, but outside the versioned device tree. */
export const HOME_ASSISTANT_STATE_ROOT = "sitewatch/ha";

/** The hub's own availability for Home Assistant: `online` while it runs, `offline` after it. */
export function homeAssistantHubStatusTopic(settings: HomeAssistantSettings): string {
  return `${settings.stateRoot}/status`;
}

export function integrationSettings(e: IntegrationsEnv): IntegrationSettings {
  return {
    integrator:
      e.HUB_INTEGRATOR_USERNAME && e.HUB_INTEGRATOR_PASSWORD
        ? { username: e.HUB_INTEGRATOR_USERNAME, password: e.HUB_INTEGRATOR_PASSWORD }
        : undefined,
    homeAssistant: e.HUB_HOME_ASSISTANT
      ? { discoveryPrefix: e.HUB_HOME_ASSISTANT_PREFIX, stateRoot: HOME_ASSISTANT_STATE_ROOT }
      : undefined,
  };
}
