import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const gateLogs = pgTable(
  "gate_logs",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ownerCode: text("owner_code"),
    category: text("category"),
    serial: text("serial"),
    checkDigit: integer("check_digit"),
    checkDigitValid: boolean("check_digit_valid"),
    // "CSQU3054383": owner code + category + serial + digit, for prefix search on the number.
    containerNumber: text("container_number"),
    rawText: text("raw_text").notNull(),
    plate: text("plate"),
    vehicleClass: text("vehicle_class"),
    direction: text("direction").notNull().default("unknown"),
    confidence: real("confidence").notNull(),
    snapshotRef: text("snapshot_ref"),
    box: jsonb("box"),
    trackId: integer("track_id"),
    // Entries of one passage (containers on one truck, cameras of one group) share it.
    passageId: uuid("passage_id"),
    seq: bigint("seq", { mode: "number" }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Cursor pagination walks (at, id) backwards within a site.
    index("gate_logs_site_at_idx").on(t.siteId, t.at, t.id),
    index("gate_logs_site_number_idx").on(t.siteId, t.containerNumber),
    index("gate_logs_site_owner_idx").on(t.siteId, t.ownerCode),
    index("gate_logs_site_camera_at_idx").on(t.siteId, t.cameraId, t.at),
  ],
);
