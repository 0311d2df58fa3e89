import { z } from "zod";
import { faceSampleSchema } from "../attention/face-sample.js";
import { attentionThresholdsSchema } from "../attention/thresholds.js";
import { durationMsSchema, epochMsSchema } from "../envelope.js";
import { siteIdSchema, slugSchema } from "../ids.js";
import { attentionStateSchema } from "./attention.js";

/**
 * A learner's live focus session over the hub's realtime connection (Socket.IO, or the frame socket
 * whose results feed the same hub core). Only numbers travel: the face is measured on the learner's
 * device (browser path) or by the hub from frames it never stores (frame path).
 */
export const focusSourceSchema = z
  .enum(["browser", "frames"])
  .describe("browser: measured in the page; frames: JPEG frames analysed by the hub");
export type FocusSource = z.infer<typeof focusSourceSchema>;

export const focusSessionIdSchema = slugSchema.describe("Focus session id, minted by the hub");

/** A BCP 47 tag's language part and optional region, e.g. `en`, `ko`, `pt-BR`. */
export const focusLanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "must be a language tag such as en or ko-KR")
  .describe("Language of the alert texts and the coaching, e.g. `ko`");

export const focusStartSchema = z.object({
  site: siteIdSchema,
  source: focusSourceSchema,
  language: focusLanguageSchema.optional(),
});
export type FocusStart = z.infer<typeof focusStartSchema>;

/** Answer to `focus:start`: the session and the thresholds its state machine runs with. */
export const focusStartedSchema = z.object({
  session: focusSessionIdSchema,
  thresholds: attentionThresholdsSchema,
  startedAt: epochMsSchema,
});
export type FocusStarted = z.infer<typeof focusStartedSchema>;

export const focusSampleSchema = z.object({
  session: focusSessionIdSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe("+1 per sample of the session"),
  at: epochMsSchema.describe("When the frame was captured, on the learner's clock"),
  face: faceSampleSchema.nullable().describe("null: no face in the frame"),
});
export type FocusSample = z.infer<typeof focusSampleSchema>;

/** `focus:pause`, `focus:resume` and `focus:end` name only the session. */
export const focusSessionRefSchema = z.object({ session: focusSessionIdSchema });
export type FocusSessionRef = z.infer<typeof focusSessionRefSchema>;

const stateMsSchema = z.partialRecord(attentionStateSchema, durationMsSchema);

/** Answer to `focus:end`: the session's figures as the hub counted them (the full report is REST). */
export const focusSummarySchema = z.object({
  session: focusSessionIdSchema,
  startedAt: epochMsSchema,
  endedAt: epochMsSchema,
  activeMs: durationMsSchema.describe("Tracked time, pauses excluded"),
  pausedMs: durationMsSchema,
  samples: z.number().int().nonnegative(),
  stateMs: stateMsSchema.describe("Tracked time per state"),
  focusPct: z.number().min(0).max(100).nullable().describe("Share of tracked time focused; null if none"),
  alerts: z.number().int().nonnegative(),
  blinks: z.number().int().nonnegative(),
});
export type FocusSummary = z.infer<typeof focusSummarySchema>;

/** Sent to the learner's own connection once per accepted sample. Times on the learner's clock. */
export const focusStateSchema = z.object({
  session: focusSessionIdSchema,
  seq: z.number().int().nonnegative().describe("The sample this answers"),
  state: attentionStateSchema,
  since: epochMsSchema.describe("When the current state began"),
  blinks: z.number().int().nonnegative(),
  calibrated: z.boolean().describe("false during the first seconds, while the open-eye EAR is learnt"),
  at: epochMsSchema.describe("The sample's capture time"),
});
export type FocusState = z.infer<typeof focusStateSchema>;

export const focusAlertKindSchema = z.enum(["drowsy", "yawning", "distracted", "absent"]);

/** Sent to the learner's own connection once per episode, as soon as a state lasted past its window. */
export const focusAlertSchema = z.object({
  session: focusSessionIdSchema,
  kind: focusAlertKindSchema,
  since: epochMsSchema,
  durationMs: durationMsSchema,
  message: z.string().max(280).describe("Text for the learner, in the session's language"),
});
export type FocusAlert = z.infer<typeof focusAlertSchema>;

/** Live event for a site's dashboards: a learner's session started, changed state, paused or ended. */
export const focusSessionSchema = z.object({
  session: focusSessionIdSchema,
  learner: z.string().min(1).max(128).describe("The learner's user id"),
  source: focusSourceSchema,
  state: attentionStateSchema,
  since: epochMsSchema.describe("When the current state began (hub clock)"),
  startedAt: epochMsSchema,
  endedAt: epochMsSchema.optional().describe("Set once the session ended"),
  paused: z.boolean(),
});
export type FocusSessionInfo = z.infer<typeof focusSessionSchema>;

/** Sent to the learner's own connection when the hub ended the session without being asked. */
export const focusEndedSchema = z.object({
  reason: z
    .enum(["idle", "disconnected", "shutdown"])
    .describe("idle: no sample for the idle timeout; disconnected: no reconnect within the grace period"),
  summary: focusSummarySchema,
});
export type FocusEnded = z.infer<typeof focusEndedSchema>;
