import {
  type AnalysisJob,
  type AnalysisPlace,
  type AnalysisProvider,
  type AnalysisResult,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { analysisJobs } from "../../../db/schema/index.js";
import { type Column, tableColumns } from "../../../ingest/sinks/records.js";

/** What registering a job takes; the queue fills in status, attempts and times. */
export interface NewJob {
  id?: string;
  site: string;
  device: string;
  camera: string;
  segment: string;
  segmentUri: string;
  segmentStartedAt: number;
  segmentDurationMs: number;
  provider: AnalysisProvider;
  place: AnalysisPlace;
  priority?: number;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

/** A job ready for `recordsSelect`: defaults applied and an id minted. */
export interface JobRecord extends Required<NewJob> {}

export function jobRecord(job: NewJob): JobRecord {
  return {
    ...job,
    id: job.id ?? uuidv7(),
    priority: job.priority ?? 0,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/** Columns a registration writes; every other column starts at its table default. */
export const jobColumns: readonly Column<JobRecord>[] = tableColumns<typeof analysisJobs, JobRecord>(
  analysisJobs,
  [
    "id",
    "siteId",
    "deviceId",
    "cameraId",
    "segment",
    "segmentUri",
    "segmentStartedAt",
    "segmentDurationMs",
    "provider",
    "place",
    "priority",
    "maxAttempts",
  ],
  {
    siteId: (j) => j.site,
    deviceId: (j) => j.device,
    cameraId: (j) => j.camera,
    segmentStartedAt: (j) => new Date(j.segmentStartedAt),
  },
);

/** A raw `analysis_jobs` row as either driver returns it from `returning *` or `select *`. */
export type RawJobRow = Record<string, unknown>;

function ms(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") return Date.parse(value);
  return Number(value);
}

const msOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : ms(value);

function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** The protocol's entity (REST and the `analysisJob` live event) of a raw row. */
export function jobOf(r: RawJobRow): AnalysisJob {
  return {
    id: String(r.id),
    site: String(r.site_id),
    device: String(r.device_id),
    camera: String(r.camera_id),
    segment: String(r.segment),
    segmentUri: String(r.segment_uri),
    segmentStartedAt: ms(r.segment_started_at),
    segmentDurationMs: Number(r.segment_duration_ms),
    provider: r.provider as AnalysisProvider,
    place: r.place as AnalysisPlace,
    status: r.status as AnalysisJob["status"],
    priority: Number(r.priority),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAfter: ms(r.run_after),
    lockedUntil: msOrNull(r.locked_until),
    workerId: (r.worker_id as string | null) ?? null,
    result: r.result === null || r.result === undefined ? null : (json(r.result) as AnalysisResult),
    safetyScore: r.safety_score === null || r.safety_score === undefined ? null : Number(r.safety_score),
    incidentCount: Number(r.incident_count),
    error: (r.error as string | null) ?? null,
    createdAt: ms(r.created_at),
    startedAt: msOrNull(r.started_at),
    completedAt: msOrNull(r.completed_at),
  };
}
