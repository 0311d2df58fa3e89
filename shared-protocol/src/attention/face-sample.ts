import { z } from "zod";
import { eyeAspectRatio, mouthAspectRatio } from "./aspect-ratios.js";
import { headPose } from "./head-pose.js";

/** 468 MediaPipe face-mesh points [x, y, z] in pixels. */
export type Landmarks = readonly (readonly number[])[];

/** What the attention machine needs from one face in one frame: numbers only, never pixels. */
export interface FaceSample {
  /** Eye aspect ratio, mean of both eyes. */
  ear: number;
  earLeft: number;
  earRight: number;
  /** Mouth aspect ratio of the inner lips. */
  mar: number;
  /** Head pose in degrees (see head-pose.ts for the signs). */
  yaw: number;
  pitch: number;
  roll: number;
}

const angle = z.number().min(-180).max(180);

/** Bounded so a client cannot feed the hub NaN, Infinity or absurd values. */
export const faceSampleSchema: z.ZodType<FaceSample> = z.object({
  ear: z.number().min(0).max(1).describe("Eye aspect ratio, mean of both eyes"),
  earLeft: z.number().min(0).max(1),
  earRight: z.number().min(0).max(1),
  mar: z.number().min(0).max(2).describe("Mouth aspect ratio (inner lips)"),
  yaw: angle.describe("Head yaw in degrees, positive towards the picture's right"),
  pitch: angle.describe("Head pitch in degrees, positive up"),
  roll: angle.describe("Head roll in degrees, positive clockwise in the picture"),
});

const clamp = (v: number, lo: number, hi: number) =>
  Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;

/**
 * EAR, MAR and head pose of one face. Values are clamped to the schema's bounds, so a degenerate mesh
 * (a face squeezed to a line at the frame edge) still gives a valid sample instead of a rejected one.
 */
export function measureFace(landmarks: Landmarks): FaceSample {
  const earLeft = clamp(eyeAspectRatio(landmarks, "left"), 0, 1);
  const earRight = clamp(eyeAspectRatio(landmarks, "right"), 0, 1);
  const pose = headPose(landmarks);
  return {
    ear: (earLeft + earRight) / 2,
    earLeft,
    earRight,
    mar: clamp(mouthAspectRatio(landmarks), 0, 2),
    yaw: clamp(pose.yaw, -180, 180),
    pitch: clamp(pose.pitch, -180, 180),
    roll: clamp(pose.roll, -180, 180),
  };
}
