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
    // Edge sessions come from a camera; a learner's own (browser, frames) from no device.
    deviceId: text("device_id"),
    cameraId: text("camera_id"),
    source: text("source", { enum: ["edge", "browser", "frames"] })
      .notNull()
      .default("edge"),
    learnerId: text("learner_id"),
    language: text("language"),
    pausedMs: bigint("paused_ms", { mode: "number" }).notNull().default(0),
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
    index("attention_sessions_learner_started_idx").on(t.learnerId, t.startedAt),
  ],
);

export const attentionEvents = pgTable(
  "attention_events",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id").notNull(),
    deviceId: text("device_id"),
    cameraId: text("camera_id"),
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

/**
 * One minute of a learner's session (browser or frame path), written when the minute is over (and
 * rewritten whole at a pause or the end): absolute figures, so a retried write never counts twice.
 */
export const attentionMinutes = pgTable(
  "attention_minutes",
  {
    siteId: text("site_id").notNull(),
    sessionId: text("session_id").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    samples: integer("samples").notNull(),
    faceSamples: integer("face_samples").notNull(),
    // Means over the samples with a face; null when the minute had none.
    earAvg: real("ear_avg"),
    marAvg: real("mar_avg"),
    blinks: integer("blinks").notNull(),
    // Tracked time per state in this minute, in milliseconds.
    stateMs: jsonb("state_ms").$type<Record<string, number>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.minute] }),
    index("attention_minutes_site_minute_idx").on(t.siteId, t.minute),
  ],
);
