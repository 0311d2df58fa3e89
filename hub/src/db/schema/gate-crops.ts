import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The JPEG crop of a gate entry (one per entry); the picture lives in the data directory under `path`,
 * the row says whose it is. Kept as long as the gate log (retention deletes the file with the row).
 */
export const gateCrops = pgTable(
  "gate_crops",
  {
    // The gate_logs id of the entry; no foreign key, as a crop may arrive before its entry's row commits.
    entryId: uuid("entry_id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    path: text("path").notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // The quota counts a device's crops and bytes; retention walks by time.
    index("gate_crops_device_at_idx").on(t.siteId, t.deviceId, t.at),
    index("gate_crops_at_idx").on(t.at),
  ],
);
