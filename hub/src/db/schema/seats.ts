import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { sites } from "./sites.js";

type Point = [number, number];
const seatStates = ["empty", "occupied", "held", "unknown"] as const;

export const seats = pgTable(
  "seats",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    polygon: jsonb("polygon").$type<Point[]>().notNull(),
    kind: text("kind", { enum: ["desk", "booth", "sofa", "other"] })
      .notNull()
      .default("desk"),
    active: boolean("active").notNull().default(true),
    // Position on the dashboard's floor plan, 0..1; null = laid out as tiles.
    layoutX: real("layout_x"),
    layoutY: real("layout_y"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index("seats_camera_idx").on(t.siteId, t.deviceId, t.cameraId),
  ],
);

/** Current state per seat; one row per seat, rewritten on every change. */
export const seatStatus = pgTable(
  "seat_status",
  {
    siteId: text("site_id").notNull(),
    seatId: text("seat_id").notNull(),
    state: text("state", { enum: seatStates }).notNull(),
    since: timestamp("since", { withTimezone: true }).notNull(),
    confidence: real("confidence").notNull(),
    evidence: jsonb("evidence"),
    lastEventId: uuid("last_event_id"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.seatId] })],
);

/** Every accepted seat state change; the event id makes ingest idempotent. */
export const seatEvents = pgTable(
  "seat_events",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    seatId: text("seat_id").notNull(),
    fromState: text("from_state", { enum: seatStates }).notNull(),
    toState: text("to_state", { enum: seatStates }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    vacancyMs: bigint("vacancy_ms", { mode: "number" }),
    stayMs: bigint("stay_ms", { mode: "number" }),
    confidence: real("confidence").notNull(),
    evidence: jsonb("evidence"),
    seq: bigint("seq", { mode: "number" }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("seat_events_seat_at_idx").on(t.siteId, t.seatId, t.at),
    index("seat_events_site_at_idx").on(t.siteId, t.at),
  ],
);

/** Hourly roll-up per seat, kept after raw events expire. Minutes are stored as milliseconds. */
export const occupancyStats = pgTable(
  "occupancy_stats",
  {
    siteId: text("site_id").notNull(),
    seatId: text("seat_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    occupiedMs: bigint("occupied_ms", { mode: "number" }).notNull().default(0),
    vacantMs: bigint("vacant_ms", { mode: "number" }).notNull().default(0),
    heldMs: bigint("held_ms", { mode: "number" }).notNull().default(0),
    unknownMs: bigint("unknown_ms", { mode: "number" }).notNull().default(0),
    entries: integer("entries").notNull().default(0),
    stays: integer("stays").notNull().default(0),
    stayMsTotal: bigint("stay_ms_total", { mode: "number" }).notNull().default(0),
    heldIncidents: integer("held_incidents").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.seatId, t.hour] }),
    index("occupancy_stats_site_hour_idx").on(t.siteId, t.hour),
  ],
);
