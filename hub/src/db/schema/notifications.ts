import type { AlertKind, HubAlert } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sites } from "./sites.js";

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Where a site's alerts are sent: a webhook, an ntfy-style push topic or an SMTP mailbox. */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["webhook", "ntfy", "email"] }).notNull(),
    name: text("name").notNull(),
    // The kind's settings without its secret (notifications/channel-config.ts), so a listing can
    // return the column as it is.
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    // The webhook's signing key, the ntfy token or the SMTP password; never returned after creation.
    secret: text("secret"),
    enabled: boolean("enabled").notNull().default(true),
    // null: every kind, including kinds added later.
    alertKinds: jsonb("alert_kinds").$type<AlertKind[]>(),
    events: jsonb("events").$type<string[]>().notNull(),
    // { start: "22:00", end: "07:00" } in the site's time zone; null: none.
    quietHours: jsonb("quiet_hours").$type<{ start: string; end: string }>(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [index("notification_channels_site_idx").on(t.siteId)],
);

/**
 * One notification to one channel: a queue row while pending (claimed when due, so a restart resumes
 * it) and then the delivery log entry. The alert is copied in, so a later change to the alert row does
 * not change what a retry sends.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    channelId: text("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    // null for test notifications.
    alertId: text("alert_id"),
    event: text("event", { enum: ["raised", "resolved", "acknowledged", "test"] }).notNull(),
    alert: jsonb("alert").$type<HubAlert>(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempt: integer("attempt").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull(),
    lastError: text("last_error"),
    responseCode: integer("response_code"),
    createdAt: at("created_at").notNull().defaultNow(),
    finishedAt: at("finished_at"),
  },
  (t) => [
    // Exactly once per channel and alert event, whichever hub instance or restart enqueues it.
    uniqueIndex("notification_deliveries_once_idx")
      .on(t.channelId, t.alertId, t.event)
      .where(sql`${t.alertId} is not null`),
    index("notification_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("notification_deliveries_site_idx").on(t.siteId, t.createdAt, t.id),
  ],
);
