import type { AlertKind } from "@sitewatch/shared-protocol";
import type { notificationChannels, notificationDeliveries } from "../db/schema/index.js";

export const channelKinds = ["webhook", "ntfy", "email"] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** The alert events a channel may be sent; `test` deliveries are only ever made by hand. */
export const alertEvents = ["raised", "resolved", "acknowledged"] as const;
export type AlertEvent = (typeof alertEvents)[number];
export type DeliveryEvent = AlertEvent | "test";

export const DEFAULT_EVENTS: readonly AlertEvent[] = ["raised", "resolved"];

/** POSTs the JSON body, signed with the channel's secret (signature.ts). */
export interface WebhookConfig {
  url: string;
}

/** ntfy-style push: POST the text to a topic URL, with optional bearer token (the channel's secret). */
export interface NtfyConfig {
  url: string;
  /** ntfy's 1 (min) … 5 (max); unset: critical alerts 5, others 3. */
  priority?: number;
  /** Extra tags; the alert kind is always added. */
  tags?: string[];
}

/**
 * SMTP. `security`: `tls` connects with TLS (usually port 465), `starttls` upgrades a plain connection
 * and refuses to go on without it (587), `none` never upgrades (a relay on the same host). The password
 * is the channel's secret.
 */
export interface EmailConfig {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  user?: string;
  from: string;
  to: string[];
}

export type ChannelConfig = WebhookConfig | NtfyConfig | EmailConfig;
export type ChannelRow = typeof notificationChannels.$inferSelect;
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;

export interface QuietHours {
  /** Local time `HH:MM` in the site's time zone; the range may wrap midnight (22:00–07:00). */
  start: string;
  end: string;
}

/** What routing decides with: a channel's filters, not its address. */
export interface ChannelRouting {
  enabled: boolean;
  alertKinds: AlertKind[] | null;
  events: readonly string[];
  quietHours: QuietHours | null;
}
