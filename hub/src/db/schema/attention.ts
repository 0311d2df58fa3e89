import {
  bigint,
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

export const attentionSessions = pgTable(
  "attention_sessions",
  {
    siteId: text("site_id").notNull(),
    id: text("id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    state: text("state").notNull(),
    // Time spent per state, keyed by state name, in milliseconds.
    stateMs: jsonb("state_ms").$type<Record<string, number>>().notNull().default({}),
    alerts: integer("alerts").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index("attention_sessions_site_started_idx").on(t.siteId, t.startedAt),
  ],
);

export const attentionEvents = pgTable(
  "attention_events",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    kind: text("kind", { enum: ["change", "alert"] }).notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    durationMs: bigint("duration_ms", { mode: "number" }).notNull(),
    metrics: jsonb("metrics"),
    confidence: real("confidence"),
    seq: bigint("seq", { mode: "number" }).notNull(),
  },
  (t) => [index("attention_events_session_at_idx").on(t.siteId, t.sessionId, t.at)],
);
