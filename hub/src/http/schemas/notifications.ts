import { z } from "@hono/zod-openapi";
import { alertKindSchema } from "@sitewatch/shared-protocol";
import { isClockTime } from "../../notifications/alert-routing.js";
import { annotate, siteParam, timestamp, uuidParam } from "./common.js";

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe("http(s) URL the hub POSTs to");
const email = z.email().max(254);
const kinds = annotate(alertKindSchema);

export const WebhookConfigSchema = z.object({ url: httpUrl }).strict().openapi("WebhookConfig");

export const NtfyConfigSchema = z
  .object({
    url: httpUrl.describe("The topic URL, e.g. https://ntfy.sh/my-site-alerts"),
    priority: z.number().int().min(1).max(5).optional().describe("1–5; unset: 5 for critical alerts, else 3"),
    tags: z
      .array(z.string().regex(/^[\w-]{1,40}$/))
      .max(10)
      .optional(),
  })
  .strict()
  .openapi("NtfyConfig");

export const EmailConfigSchema = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    security: z
      .enum(["tls", "starttls", "none"])
      .describe("`tls`: TLS from the start (465); `starttls`: upgrade required (587); `none`: plain"),
    user: z.string().min(1).max(254).optional().describe("SMTP login; the password is the channel's secret"),
    from: email,
    to: z.array(email).min(1).max(20),
  })
  .strict()
  .openapi("EmailConfig");

export const channelConfigSchemas = {
  webhook: WebhookConfigSchema,
  ntfy: NtfyConfigSchema,
  email: EmailConfigSchema,
} as const;

const clock = z.string().refine(isClockTime, "must be HH:MM (24 h)");
export const QuietHoursSchema = z
  .object({ start: clock, end: clock })
  .describe(
    "Local times in the site's time zone (may wrap midnight). During them seat alerts are skipped, not " +
      "held back; camera-offline and device-offline alerts are still sent.",
  )
  .openapi("QuietHours");

const routing = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().optional(),
  alertKinds: z.array(kinds).max(50).nullable().optional().describe("Alert kinds sent; null or absent: all"),
  events: z
    .array(z.enum(["raised", "resolved", "acknowledged"]))
    .max(3)
    .optional()
    .describe("Alert events sent; default raised and resolved"),
  quietHours: QuietHoursSchema.nullable().optional(),
};
const secret = z.string().min(1).max(1000);

export const CreateChannelBody = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("webhook"), config: WebhookConfigSchema, ...routing }),
    z.object({
      kind: z.literal("ntfy"),
      config: NtfyConfigSchema,
      secret: secret.optional().describe("Access token, sent as `Authorization: Bearer`"),
      ...routing,
    }),
    z.object({
      kind: z.literal("email"),
      config: EmailConfigSchema,
      secret: secret.optional().describe("SMTP password"),
      ...routing,
    }),
  ])
  .openapi("CreateNotificationChannel");

export const PatchChannelBody = z
  .object({
    ...routing,
    name: routing.name.optional(),
    config: z.record(z.string(), z.unknown()).optional().describe("Replaces the kind's settings as a whole"),
    secret: secret.nullable().optional().describe("ntfy token or SMTP password; null removes it"),
    rotateSecret: z.boolean().optional().describe("Webhooks: make a new signing secret, shown once"),
  })
  .openapi("PatchNotificationChannel");

export const ChannelSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    kind: z.enum(["webhook", "ntfy", "email"]),
    name: z.string(),
    config: z.record(z.string(), z.unknown()).describe("The kind's settings; never the secret"),
    hasSecret: z.boolean().describe("Whether a secret is stored; it is never shown again"),
    enabled: z.boolean(),
    alertKinds: z.array(z.string()).nullable(),
    events: z.array(z.string()),
    quietHours: QuietHoursSchema.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("NotificationChannel");

export const WrittenChannelSchema = ChannelSchema.extend({
  secret: z
    .string()
    .optional()
    .describe("A webhook's signing secret, present only when this request made it: store it now"),
}).openapi("WrittenNotificationChannel");

export const ChannelListSchema = z
  .object({ channels: z.array(ChannelSchema) })
  .openapi("NotificationChannelList");

export const ChannelParams = z.object({ site: siteParam, id: uuidParam("id") });
