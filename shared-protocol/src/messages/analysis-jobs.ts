import { z } from "zod";
import { durationMsSchema, epochMsSchema } from "../envelope.js";
import { cameraIdSchema, deviceIdSchema, siteIdSchema } from "../ids.js";

/**
 * Analysis jobs of the archive role: one per closed recording segment and provider, queued in the hub's
 * Postgres and claimed by workers — `hub worker` processes, or the recording device's own worker, which
 * claims through REST with the device's credentials so video never leaves the site. The same entity
 * shape travels over REST and as the `analysisJob` live event.
 */
export const analysisJobStatuses = ["pending", "processing", "completed", "failed", "cancelled"] as const;
export const analysisJobStatusSchema = z
  .enum(analysisJobStatuses)
  .describe("pending → processing → completed | failed (after its last attempt); cancelled by an admin");
export type AnalysisJobStatus = z.infer<typeof analysisJobStatusSchema>;

export const analysisProviders = ["builtin", "vlm"] as const;
export const analysisProviderSchema = z
  .enum(analysisProviders)
  .describe("builtin: the offline person/object analyser; vlm: a vision-language model (Ollama API)");
export type AnalysisProvider = z.infer<typeof analysisProviderSchema>;

/** Where the work may run: on the recording device (its segment is local) or in a hub worker. */
export const analysisPlaceSchema = z.enum(["device", "hub"]);
export type AnalysisPlace = z.infer<typeof analysisPlaceSchema>;

export const analysisIncidentSchema = z.object({
  offsetMs: durationMsSchema.describe("Where in the segment, from its start"),
  kind: z.string().min(1).max(48).describe("e.g. crowding, object_left, zone_dwell, person_down"),
  severity: z.enum(["info", "warning", "critical"]),
  description: z.string().max(500),
  zone: z.string().max(64).optional(),
  /** A thumbnail stored beside the result (hub path `/api/v1/analysis-jobs/{id}/thumbnails/{name}`). */
  thumbnail: z
    .string()
    .regex(/^[a-z0-9-]{1,64}\.jpg$/)
    .optional(),
});
export type AnalysisIncident = z.infer<typeof analysisIncidentSchema>;

export const analysisResultSchema = z.object({
  provider: analysisProviderSchema,
  model: z.string().max(128).optional().describe("Model name and version the provider used"),
  summary: z.string().max(2000),
  /** Persons seen over time, one point per sampled frame. */
  personCounts: z
    .array(z.object({ offsetMs: durationMsSchema, count: z.number().int().nonnegative() }))
    .max(10_000),
  /** Time persons spent in each configured zone. */
  zones: z
    .array(
      z.object({
        zone: z.string().min(1).max(64),
        dwellSeconds: z.number().nonnegative(),
        maxPersons: z.number().int().nonnegative(),
      }),
    )
    .max(100),
  incidents: z.array(analysisIncidentSchema).max(500),
  safetyScore: z.number().min(0).max(100).describe("100 = nothing of concern"),
  sampledFrames: z.number().int().nonnegative(),
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;

export const analysisJobIdSchema = z.uuid().describe("Job id (UUIDv7)");

export const analysisJobSchema = z.object({
  id: analysisJobIdSchema,
  site: siteIdSchema,
  device: deviceIdSchema,
  camera: cameraIdSchema,
  segment: z.string().min(1).max(128).describe("Segment id, unique per camera"),
  segmentUri: z.string().min(1).max(1024),
  segmentStartedAt: epochMsSchema,
  segmentDurationMs: durationMsSchema,
  provider: analysisProviderSchema,
  place: analysisPlaceSchema,
  status: analysisJobStatusSchema,
  priority: z.number().int().min(-100).max(100).describe("Higher runs first"),
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().min(1).max(20),
  runAfter: epochMsSchema.describe("Not claimed before this (backoff after a failed attempt)"),
  lockedUntil: epochMsSchema.nullable().describe("Lease end while processing; heartbeats extend it"),
  workerId: z.string().max(128).nullable(),
  result: analysisResultSchema.nullable(),
  safetyScore: z.number().min(0).max(100).nullable(),
  incidentCount: z.number().int().nonnegative(),
  error: z.string().max(2000).nullable(),
  createdAt: epochMsSchema,
  startedAt: epochMsSchema.nullable(),
  completedAt: epochMsSchema.nullable(),
});
export type AnalysisJob = z.infer<typeof analysisJobSchema>;

/** `POST /api/v1/analysis-jobs/claim`: the next job this worker may run, or null. */
export const analysisClaimSchema = z.object({
  workerId: z.string().min(1).max(128),
  providers: z.array(analysisProviderSchema).min(1),
  leaseSeconds: z.number().int().min(5).max(3600).default(60),
});
export type AnalysisClaim = z.input<typeof analysisClaimSchema>;

/** `POST …/{id}/heartbeat`: extends the lease; 409 LEASE_LOST when another worker holds the job now. */
export const analysisHeartbeatSchema = z.object({
  workerId: z.string().min(1).max(128),
  leaseSeconds: z.number().int().min(5).max(3600).default(60),
});

/** `POST …/{id}/complete`. */
export const analysisCompleteSchema = z.object({
  workerId: z.string().min(1).max(128),
  result: analysisResultSchema,
});

/** `POST …/{id}/fail`: retried with backoff while attempts remain and `retryable`; else failed. */
export const analysisFailSchema = z.object({
  workerId: z.string().min(1).max(128),
  error: z.string().min(1).max(2000),
  retryable: z.boolean().default(true),
});
