import type { AlertKind, HubAlert } from "@sitewatch/shared-protocol";
import type { AlertEvent, ChannelRouting, QuietHours } from "./channel-config.js";

/**
 * Kinds that mean equipment stopped working: they are sent even during quiet hours. Seat alerts are
 * about how a room is used and can wait for the morning's dashboard, so quiet hours skip them (they
 * are not held back and sent later: a backlog of stale seat alerts at 07:00 would only be noise).
 */
const CRITICAL_KINDS: ReadonlySet<AlertKind> = new Set(["camera-offline", "device-offline"]);

export function isCritical(kind: AlertKind): boolean {
  return CRITICAL_KINDS.has(kind);
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(text: string): boolean {
  return HHMM.test(text);
}

function minutesOf(text: string): number {
  const match = HHMM.exec(text);
  if (!match) throw new Error(`not an HH:MM time: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since local midnight in `timeZone` at `epochMs`. */
export function localMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/**
 * Whether `epochMs` falls in the quiet hours, read in the site's zone; start is inclusive, end
 * exclusive, and a range whose end is before its start wraps midnight. Equal start and end: never quiet.
 */
export function inQuietHours(epochMs: number, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const now = localMinutes(epochMs, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** Why an alert event is not sent to a channel; null when it is. */
export type RouteDecision = null | "disabled" | "event" | "kind" | "quiet-hours";

/**
 * Whether a channel gets an alert event: it must be enabled, subscribed to the event and the alert's
 * kind, and, during its quiet hours (in the site's time zone), the kind must be critical.
 */
export function routeAlert(
  channel: ChannelRouting,
  event: AlertEvent,
  alert: HubAlert,
  at: { epochMs: number; timeZone: string },
): RouteDecision {
  if (!channel.enabled) return "disabled";
  if (!channel.events.includes(event)) return "event";
  if (channel.alertKinds && !channel.alertKinds.includes(alert.kind)) return "kind";
  if (!isCritical(alert.kind) && inQuietHours(at.epochMs, at.timeZone, channel.quietHours))
    return "quiet-hours";
  return null;
}
