import { type AttentionThresholds, attentionThresholdsSchema } from "@sitewatch/shared-protocol/attention";
import { z } from "zod";
import { roleCameraSchema } from "../../agent-config/camera-base.js";

/** Faces followed per camera when the file sets no `maxFaces`: a study-room desk cluster. */
export const DEFAULT_MAX_FACES = 4;

/**
 * Thresholds a camera may override, each optional and without its default: the file keeps only what
 * the installer changed, and the analyser's own defaults apply to the rest (they may improve).
 */
const thresholdOverridesSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(attentionThresholdsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as { [K in keyof AttentionThresholds]: z.ZodOptional<z.ZodNumber> },
);

/**
 * An attention camera in the agent's config file (a study room, a desk): faces are tracked anonymously
 * and each gets its own focus session. Blinks last 100-400 ms, so it samples far faster than the other
 * roles: one frame every `intervalMs`, down to 100 ms (10 per second).
 */
export const attentionCameraSchema = roleCameraSchema(z.literal("attention"), {
  intervalMs: z.number().int().min(100).max(60_000).default(200),
  /** The largest faces first; smaller ones (the back of the room) are left out. */
  maxFaces: z.number().int().min(1).max(16).optional(),
  /** Overrides of the analyser's thresholds for this camera (ms, ratios, degrees). */
  thresholds: thresholdOverridesSchema.optional(),
  // Agents before roles wrote seat settings on every camera; such a file still loads and drops them.
  seats: z.array(z.unknown()).max(0).optional(),
  motion: z.unknown().optional(),
  analysis: z.unknown().optional(),
}).transform(({ seats: _s, motion: _m, analysis: _a, ...camera }) => camera);
export type AttentionCamera = z.infer<typeof attentionCameraSchema>;

/** The analyser's settings, resolved from a camera entry. */
export interface AttentionSettings {
  readonly maxFaces: number;
  readonly thresholds: Partial<AttentionThresholds>;
}

export function attentionSettingsOf(camera: AttentionCamera): AttentionSettings {
  return { maxFaces: camera.maxFaces ?? DEFAULT_MAX_FACES, thresholds: { ...camera.thresholds } };
}
