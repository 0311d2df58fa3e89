import { type AlertKind, alertKindSchema } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Alerts the hub raised from seat, camera and device state. A row stays open until its condition ends;
 * resolved rows are kept as the history the REST API lists.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    // The protocol's list of kinds; a TypeScript-only enum, so a new kind needs no migration.
    kind: text("kind", { enum: alertKindSchema.options as [AlertKind, ...AlertKind[]] }).notNull(),
    // Seat id, `device/camera` or device id, depending on the kind.
    subject: text("subject").notNull(),
    // When the condition began (the seat became held, the camera stopped streaming), not when it was raised.
    since: timestamp("since", { withTimezone: true }).notNull(),
    message: text("message").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: text("acknowledged_by"),
  },
  (t) => [
    index("alerts_site_resolved_idx").on(t.siteId, t.resolvedAt),
    // At most one open alert per condition, whichever hub instance (or restart) tries to raise it.
    uniqueIndex("alerts_open_condition_idx")
      .on(t.siteId, t.kind, t.subject)
      .where(sql`${t.resolvedAt} is null`),
  ],
);
