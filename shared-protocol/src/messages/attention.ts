import { z } from "zod";
import { confidenceSchema, durationMsSchema, epochMsSchema, eventEnvelopeShape } from "../envelope.js";
import { slugSchema } from "../ids.js";

export const attentionStateSchema = z.enum(["focused", "drowsy", "yawning", "distracted", "absent"]);
export type AttentionState = z.infer<typeof attentionStateSchema>;

/** Face measurements behind a decision; numbers only, never images. */
export const attentionMetricsSchema = z.object({
  ear: z.number().min(0).max(1).describe("Eye aspect ratio, mean of both eyes"),
  mar: z.number().min(0).max(2).describe("Mouth aspect ratio"),
  yaw: z.number().min(-180).max(180).describe("Head yaw in degrees"),
  pitch: z.number().min(-180).max(180),
  roll: z.number().min(-180).max(180),
});

export const attentionChangeSchema = z
  .object({
    ...eventEnvelopeShape,
    session: slugSchema.describe("Focus session id"),
    from: attentionStateSchema,
    to: attentionStateSchema,
    at: epochMsSchema,
    durationMs: durationMsSchema.describe("How long the previous state lasted"),
    metrics: attentionMetricsSchema.optional().describe("Absent when no face is visible"),
    confidence: confidenceSchema,
  })
  .refine((e) => e.from !== e.to, { message: "from and to must differ", path: ["to"] });
export type AttentionChange = z.infer<typeof attentionChangeSchema>;

/** Raised when a non-focused state lasts past its threshold; shown to the learner at once. */
export const attentionAlertSchema = z.object({
  ...eventEnvelopeShape,
  session: slugSchema,
  kind: z.enum(["drowsy", "yawning", "distracted", "absent"]),
  since: epochMsSchema,
  durationMs: durationMsSchema,
  message: z.string().max(280).optional(),
});
export type AttentionAlert = z.infer<typeof attentionAlertSchema>;
