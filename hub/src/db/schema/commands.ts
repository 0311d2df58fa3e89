import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Commands relayed to devices and what became of them. */
export const deviceCommands = pgTable(
  "device_commands",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: ["sent", "accepted", "completed", "failed", "timeout"] }).notNull(),
    error: jsonb("error"),
    result: jsonb("result"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("device_commands_device_created_idx").on(t.siteId, t.deviceId, t.createdAt)],
);
