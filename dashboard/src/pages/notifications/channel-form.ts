import type {
  CreateNotificationChannelBody,
  NotificationChannel,
  PatchNotificationChannelBody,
} from "@sitewatch/hub/api-types";
import type { AlertKind } from "@sitewatch/shared-protocol";

export type ChannelKind = NotificationChannel["kind"];
export type AlertEvent = "raised" | "resolved" | "acknowledged";

// A record, not a list, so a kind added to the protocol fails to compile here until it is listed.
const KIND_SET: Record<AlertKind, true> = {
  "seat-held": true,
  "seat-vacant": true,
  "camera-offline": true,
  "device-offline": true,
};
export const ALERT_KINDS = Object.keys(KIND_SET) as AlertKind[];
export const ALERT_EVENTS: readonly AlertEvent[] = ["raised", "resolved", "acknowledged"];

/** The editor's fields, all kinds at once, so switching the kind while creating keeps what was typed. */
export interface ChannelForm {
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  url: string;
  priority: string;
  tags: string;
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  user: string;
  from: string;
  to: string;
  /** ntfy token or SMTP password; empty keeps the stored one when editing. */
  secret: string;
  allKinds: boolean;
  kinds: AlertKind[];
  events: AlertEvent[];
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
}

export function emptyForm(): ChannelForm {
  return {
    kind: "webhook",
    name: "",
    enabled: true,
    url: "",
    priority: "",
    tags: "",
    host: "",
    port: 587,
    security: "starttls",
    user: "",
    from: "",
    to: "",
    secret: "",
    allKinds: true,
    kinds: [],
    events: ["raised", "resolved"],
    quiet: false,
    quietStart: "22:00",
    quietEnd: "07:00",
  };
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function formOf(channel: NotificationChannel): ChannelForm {
  const c = channel.config as Record<string, unknown>;
  const str = (key: string) => (typeof c[key] === "string" ? (c[key] as string) : "");
  const base = emptyForm();
  return {
    ...base,
    kind: channel.kind,
    name: channel.name,
    enabled: channel.enabled,
    url: str("url"),
    priority: typeof c.priority === "number" ? String(c.priority) : "",
    tags: Array.isArray(c.tags) ? c.tags.join(", ") : "",
    host: str("host"),
    port: typeof c.port === "number" ? c.port : base.port,
    security: (str("security") || base.security) as ChannelForm["security"],
    user: str("user"),
    from: str("from"),
    to: Array.isArray(c.to) ? c.to.join(", ") : "",
    allKinds: channel.alertKinds === null,
    kinds: (channel.alertKinds ?? []) as AlertKind[],
    events: channel.events as AlertEvent[],
    quiet: channel.quietHours !== null,
    quietStart: channel.quietHours?.start ?? base.quietStart,
    quietEnd: channel.quietHours?.end ?? base.quietEnd,
  };
}

/** The kind's settings as the hub stores them (never the secret). */
export function configOf(form: ChannelForm): Record<string, unknown> {
  if (form.kind === "webhook") return { url: form.url.trim() };
  if (form.kind === "ntfy") {
    const tags = list(form.tags);
    return {
      url: form.url.trim(),
      ...(form.priority ? { priority: Number(form.priority) } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    };
  }
  return {
    host: form.host.trim(),
    port: form.port,
    security: form.security,
    ...(form.user.trim() ? { user: form.user.trim() } : {}),
    from: form.from.trim(),
    to: list(form.to),
  };
}

function routingOf(form: ChannelForm) {
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    alertKinds: form.allKinds ? null : form.kinds,
    events: form.events,
    quietHours: form.quiet ? { start: form.quietStart, end: form.quietEnd } : null,
  };
}

export function createBody(form: ChannelForm): CreateNotificationChannelBody {
  const secret = form.kind !== "webhook" && form.secret ? { secret: form.secret } : {};
  return {
    kind: form.kind,
    config: configOf(form),
    ...routingOf(form),
    ...secret,
  } as CreateNotificationChannelBody;
}

export function patchBody(form: ChannelForm): PatchNotificationChannelBody {
  const secret = form.kind !== "webhook" && form.secret ? { secret: form.secret } : {};
  return { config: configOf(form), ...routingOf(form), ...secret };
}
