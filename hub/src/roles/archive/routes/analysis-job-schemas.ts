import { z } from "@hono/zod-openapi";
import {
  analysisClaimSchema,
  analysisCompleteSchema,
  analysisFailSchema,
  analysisHeartbeatSchema,
  analysisJobSchema,
  analysisJobStatusSchema,
  analysisProviderSchema,
  cameraIdSchema,
  deviceIdSchema,
} from "@sitewatch/shared-protocol";
import { annotate, isoQuery, SiteParams, uuidParam } from "../../../http/schemas/common.js";

export const AnalysisJobSchema = annotate(analysisJobSchema, "AnalysisJob");
export const ClaimBody = annotate(analysisClaimSchema, "AnalysisClaim");
export const HeartbeatBody = annotate(analysisHeartbeatSchema, "AnalysisHeartbeat");
export const CompleteBody = annotate(analysisCompleteSchema, "AnalysisComplete");
export const FailBody = annotate(analysisFailSchema, "AnalysisFail");

export const JobQuery = z.object({
  status: analysisJobStatusSchema.optional(),
  device: deviceIdSchema.optional(),
  camera: cameraIdSchema.optional(),
  provider: analysisProviderSchema.optional(),
  from: isoQuery.optional().describe("Jobs of segments that started at or after this time"),
  to: isoQuery.optional().describe("Jobs of segments that started before this time"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
});

export const JobPageSchema = z
  .object({
    jobs: z.array(AnalysisJobSchema).describe("Newest registration first"),
    nextCursor: z.string().nullable(),
  })
  .openapi("AnalysisJobPage");

export const JobParams = z.object({ id: uuidParam("id") });
export const SiteJobParams = SiteParams.extend({ id: uuidParam("id") });

export const ClaimReply = z
  .object({ job: AnalysisJobSchema.nullable().describe("null: nothing this worker may run right now") })
  .openapi("AnalysisClaimReply");

export const JobReply = z.object({ job: AnalysisJobSchema }).openapi("AnalysisJobReply");

export const SegmentSchema = z
  .object({
    id: z.string().describe("The `archive/segment` event id"),
    device: z.string(),
    camera: z.string(),
    segment: z.string(),
    uri: z.string(),
    startedAt: z.number().int(),
    durationMs: z.number().int(),
    bytes: z.number().int(),
    container: z.string(),
    codec: z.string(),
  })
  .openapi("ArchiveSegment");

export const SegmentPageSchema = z
  .object({ segments: z.array(SegmentSchema).describe("Newest first"), nextCursor: z.string().nullable() })
  .openapi("ArchiveSegmentPage");

export const SegmentQuery = z.object({
  from: isoQuery.optional().describe("Segments that started at or after this time"),
  to: isoQuery.optional().describe("Segments that started before this time"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
});
