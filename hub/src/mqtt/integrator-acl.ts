import { MAX_EVENT_BYTES, messageKinds, messages, topicFilter } from "@sitewatch/shared-protocol";
import type { HomeAssistantSettings, IntegrationSettings } from "../config-integrations.js";

export interface IntegratorAccount {
  username: string;
  password: string;
  /** What it may subscribe to; a subscription must fall inside one of them. */
  readFilters: readonly string[];
  /** The only topics it may publish to (not retained): Home Assistant's birth/will topic. */
  writeTopics: readonly string[];
}

/** The embedded broker's integrator account from the settings; undefined when none is configured. */
export function integratorAccount(settings: IntegrationSettings | undefined): IntegratorAccount | undefined {
  if (!settings?.integrator) return undefined;
  return {
    ...settings.integrator,
    readFilters: integratorReadFilters(settings.homeAssistant),
    writeTopics: integratorWriteTopics(settings.homeAssistant),
  };
}

/**
 * Home Assistant announces itself on `<prefix>/status` (birth "online", will "offline") with the
 * account it reads with; refusing that would cut HA off on every connect, so that one topic is open.
 */
export function integratorWriteTopics(homeAssistant?: HomeAssistantSettings): string[] {
  return homeAssistant ? [`${homeAssistant.discoveryPrefix}/status`] : [];
}

/**
 * What the read-only integrator account may subscribe to: every device-to-hub state and event topic of
 * the protocol registry, except those that carry pictures (live frames, snapshots, gate crops: larger
 * than an event may be), so an integrator learns what happens without seeing the cameras; plus the
 * Home Assistant discovery and state topics the hub publishes when that integration is on. Commands,
 * delivery confirmations and anything outside these filters stay closed. The embedded broker
 * (broker-auth.ts) and the Mosquitto ACL (mosquitto-files.ts) are both generated from this list.
 */
export function integratorReadFilters(homeAssistant?: HomeAssistantSettings): string[] {
  const state = messageKinds
    .filter((k) => messages[k].direction === "device-to-hub" && messages[k].maxBytes <= MAX_EVENT_BYTES)
    .map((k) => topicFilter(k));
  if (!homeAssistant) return state;
  return [...state, `${homeAssistant.discoveryPrefix}/#`, `${homeAssistant.stateRoot}/#`];
}

/**
 * Whether every topic `filter` can match is also matched by `allowed`, level by level: a subscription
 * is granted only when one allowed filter covers it whole, so `sitewatch/#` or `sitewatch/v1/+/+/+`
 * (which reach commands too) are refused even though part of what they match is allowed.
 */
export function filterCovers(allowed: string, filter: string): boolean {
  if (filter.startsWith("$")) return false;
  const a = allowed.split("/");
  const f = filter.split("/");
  for (let i = 0; i < a.length; i++) {
    const level = a[i];
    if (level === "#") return true;
    const wanted = f[i];
    if (wanted === undefined || wanted === "#") return false;
    if (level === "+") {
      continue;
    }
    if (wanted !== level) return false;
  }
  return f.length === a.length;
}

/** True when one of `allowed` covers `filter` (see filterCovers). */
export function isCovered(allowed: readonly string[], filter: string): boolean {
  return allowed.some((a) => filterCovers(a, filter));
}
