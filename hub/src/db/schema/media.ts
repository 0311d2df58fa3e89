import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Camera snapshots received from devices; the JPEG lives in the data directory, not the database. */
export const snapshots = pgTable(
  "snapshots",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    commandId: uuid("command_id"),
    at: timestamp("at", { withTimezone: true }).notNull(),
    path: text("path").notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    facesBlurred: boolean("faces_blurred").notNull(),
  },
  (t) => [
    index("snapshots_camera_at_idx").on(t.siteId, t.deviceId, t.cameraId, t.at),
    index("snapshots_at_idx").on(t.at),
  ],
);
