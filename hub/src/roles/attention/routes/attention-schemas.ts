import { z } from "@hono/zod-openapi";
import { cameraIdSchema, deviceIdSchema, slugSchema } from "@sitewatch/shared-protocol";
import type { attentionEvents, attentionSessions } from "../../../db/schema/index.js";
import { iso, isoQuery, param, siteParam, timestamp } from "../../../http/schemas/common.js";

export const SessionParams = z.object({
  site: siteParam,
  session: param(slugSchema.describe("Focus session id"), "session"),
});

export const SessionListQuery = z.object({
  from: isoQuery.optional().describe("Sessions started at or after this time"),
  to: isoQuery.optional().describe("Sessions started before this time"),
  device: deviceIdSchema.optional(),
  camera: cameraIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AttentionSessionSchema = z
  .object({
    id: z.string(),
    device: z.string().nullable().describe("The edge device; null for a learner's own session"),
    camera: z.string().nullable(),
    source: z.enum(["edge", "browser", "frames"]),
    learner: z.string().nullable().describe("The learner's user id (browser and frame sessions)"),
    pausedMs: z.number().int(),
    startedAt: timestamp,
    lastEventAt: timestamp,
    endedAt: timestamp.nullable(),
    state: z.string().describe("Current (or final) attention state"),
    stateMs: z.record(z.string(), z.number()).describe("Time spent per state, ms"),
    focusPct: z.number().nullable().describe("focused ÷ all tracked time, percent"),
    alerts: z.number().int(),
  })
  .openapi("AttentionSession");

export const AttentionEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["change", "alert"]),
    fromState: z.string().nullable(),
    toState: z.string(),
    at: timestamp,
    durationMs: z.number(),
    confidence: z.number().nullable(),
    metrics: z.unknown().describe("Face measurements behind the change (EAR, MAR, head pose)"),
  })
  .openapi("AttentionEvent");

export const SessionListSchema = z
  .object({ sessions: z.array(AttentionSessionSchema).describe("Newest first") })
  .openapi("AttentionSessionList");

export const SessionDetailSchema = AttentionSessionSchema.extend({
  events: z.array(AttentionEventSchema).describe("Oldest first"),
}).openapi("AttentionSessionDetail");

export function sessionView(
  s: typeof attentionSessions.$inferSelect,
): z.infer<typeof AttentionSessionSchema> {
  const tracked = Object.values(s.stateMs).reduce((a, b) => a + b, 0);
  const focused = s.stateMs.focused ?? 0;
  return {
    id: s.id,
    device: s.deviceId,
    camera: s.cameraId,
    source: s.source,
    learner: s.learnerId,
    pausedMs: s.pausedMs,
    startedAt: iso(s.startedAt),
    lastEventAt: iso(s.lastEventAt),
    endedAt: iso(s.endedAt),
    state: s.state,
    stateMs: s.stateMs,
    focusPct: tracked > 0 ? Math.round((focused / tracked) * 10_000) / 100 : null,
    alerts: s.alerts,
  };
}

export function attentionEventView(
  e: typeof attentionEvents.$inferSelect,
): z.infer<typeof AttentionEventSchema> {
  return {
    id: e.id,
    kind: e.kind,
    fromState: e.fromState,
    toState: e.toState,
    at: iso(e.at),
    durationMs: e.durationMs,
    confidence: e.confidence,
    metrics: e.metrics ?? null,
  };
}
