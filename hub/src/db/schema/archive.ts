import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Closed archive segments as devices reported them (the files stay on the device). */
export const segments = pgTable(
  "segments",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    segment: text("segment").notNull(),
    uri: text("uri").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    container: text("container").notNull(),
    codec: text("codec").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A replayed segmentReady (new event id, same segment) must not register its jobs twice.
    uniqueIndex("segments_camera_segment_idx").on(t.siteId, t.deviceId, t.cameraId, t.segment),
    index("segments_camera_started_idx").on(t.siteId, t.deviceId, t.cameraId, t.startedAt),
  ],
);

/**
 * The analysis-job queue (roles/archive/jobs): one row per segment and provider. Workers claim with
 * FOR UPDATE SKIP LOCKED through the partial index on pending rows, so finished jobs never slow claims.
 */
export const analysisJobs = pgTable(
  "analysis_jobs",
  {
    id: uuid("id").primaryKey(),
    siteId: text("site_id").notNull(),
    deviceId: text("device_id").notNull(),
    cameraId: text("camera_id").notNull(),
    segment: text("segment").notNull(),
    segmentUri: text("segment_uri").notNull(),
    segmentStartedAt: timestamp("segment_started_at", { withTimezone: true }).notNull(),
    segmentDurationMs: integer("segment_duration_ms").notNull(),
    provider: text("provider").notNull(),
    place: text("place").notNull(),
    status: text("status").notNull().default("pending"),
    priority: integer("priority").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    workerId: text("worker_id"),
    result: jsonb("result"),
    safetyScore: real("safety_score"),
    incidentCount: integer("incident_count").notNull().default(0),
    error: text("error"),
    // Whole milliseconds, like the API's times, so a listing cursor (ms) compares exactly.
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .default(sql`date_trunc('milliseconds', now())`),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("analysis_jobs_segment_provider_idx").on(
      t.siteId,
      t.deviceId,
      t.cameraId,
      t.segment,
      t.provider,
    ),
    // The claim's scan: highest priority, then oldest, among pending jobs of one place.
    index("analysis_jobs_claim_idx")
      .on(t.place, t.priority.desc(), t.createdAt, t.id)
      .where(sql`status = 'pending'`),
    index("analysis_jobs_run_after_idx").on(t.runAfter).where(sql`status = 'pending'`),
    // The reaper's scan of expired leases.
    index("analysis_jobs_lease_idx").on(t.lockedUntil).where(sql`status = 'processing'`),
    index("analysis_jobs_status_idx").on(t.status),
    // Site listings walk (created_at, id) backwards.
    index("analysis_jobs_site_created_idx").on(t.siteId, t.createdAt, t.id),
  ],
);
