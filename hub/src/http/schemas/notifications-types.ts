import type { z } from "@hono/zod-openapi";
import type {
  ChannelListSchema,
  ChannelSchema,
  CreateChannelBody,
  EmailConfigSchema,
  NtfyConfigSchema,
  PatchChannelBody,
  QuietHoursSchema,
  WebhookConfigSchema,
  WrittenChannelSchema,
} from "./notifications.js";
import type { DeliveryListSchema, DeliveryQuery, DeliverySchema } from "./notifications-deliveries.js";

// The notification resources' REST types, re-exported by api-types.ts for the dashboard.
export type NotificationChannel = z.output<typeof ChannelSchema>;
export type WrittenNotificationChannel = z.output<typeof WrittenChannelSchema>;
export type NotificationChannelList = z.output<typeof ChannelListSchema>;
export type CreateNotificationChannelBody = z.input<typeof CreateChannelBody>;
export type PatchNotificationChannelBody = z.input<typeof PatchChannelBody>;
export type WebhookChannelConfig = z.output<typeof WebhookConfigSchema>;
export type NtfyChannelConfig = z.output<typeof NtfyConfigSchema>;
export type EmailChannelConfig = z.output<typeof EmailConfigSchema>;
export type NotificationQuietHours = z.output<typeof QuietHoursSchema>;
export type NotificationDelivery = z.output<typeof DeliverySchema>;
export type NotificationDeliveryList = z.output<typeof DeliveryListSchema>;
export type NotificationDeliveryQuery = z.input<typeof DeliveryQuery>;
