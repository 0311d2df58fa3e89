import type { HubAlert } from "@sitewatch/shared-protocol";
import { isCritical } from "./alert-routing.js";
import type { DeliveryEvent } from "./channel-config.js";

/** One notification, rendered once and then shaped by each channel kind. */
export interface NotificationMessage {
  event: DeliveryEvent;
  site: { id: string; name: string };
  alert: HubAlert | null;
  title: string;
  text: string;
  critical: boolean;
  /** The webhook's JSON body (also what the e-mail's JSON part would be). */
  body: WebhookBody;
}

/** What a webhook receives, documented in the README's notification section. */
export interface WebhookBody {
  event: DeliveryEvent;
  site: { id: string; name: string };
  alert: HubAlert | null;
  deliveryId: string;
  sentAt: string;
}

const EVENT_WORD: Record<DeliveryEvent, string> = {
  raised: "Alert",
  resolved: "Resolved",
  acknowledged: "Acknowledged",
  test: "Test",
};

/** Renders an alert event (or a test) for a site; `deliveryId` lets receivers drop a repeated request. */
export function buildMessage(input: {
  event: DeliveryEvent;
  site: { id: string; name: string };
  alert: HubAlert | null;
  deliveryId: string;
  now: number;
}): NotificationMessage {
  const { event, site, alert } = input;
  const title = alert
    ? `[${site.name}] ${EVENT_WORD[event]}: ${alert.kind} ${alert.subject}`
    : `[${site.name}] Test notification from Sitewatch`;
  const lines = alert
    ? [
        alert.message,
        `Site: ${site.name} (${site.id})`,
        `Since: ${new Date(alert.since).toISOString()}`,
        ...(alert.resolvedAt ? [`Resolved: ${new Date(alert.resolvedAt).toISOString()}`] : []),
        ...(alert.acknowledgedBy ? [`Acknowledged by: ${alert.acknowledgedBy}`] : []),
      ]
    : [`This channel of site ${site.name} (${site.id}) works.`];
  return {
    event,
    site,
    alert,
    title,
    text: lines.join("\n"),
    critical: alert ? isCritical(alert.kind) && event === "raised" : false,
    body: {
      event,
      site,
      alert,
      deliveryId: input.deliveryId,
      sentAt: new Date(input.now).toISOString(),
    },
  };
}
