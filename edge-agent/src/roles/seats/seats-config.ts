import { type CameraConfig, seatDefinitionSchema } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { roleCameraSchema } from "../../agent-config/camera-base.js";
import type { SeatOptions } from "./seat-options.js";

export const motionOptionsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Mean absolute pixel change (0..1) inside a seat region that counts as motion. */
  threshold: z.number().min(0).max(1).default(0.02),
  /** Re-run the detector on a seat after this many quiet intervals anyway. */
  forceEvery: z.number().int().min(1).max(1000).default(10),
});

export const analysisOptionsSchema = z.strictObject({
  heldAfterMs: z.number().int().min(0).max(86_400_000).default(600_000),
  entryDebounceMs: z.number().int().min(0).max(3_600_000).default(6_000),
  exitDebounceMs: z.number().int().min(0).max(3_600_000).default(30_000),
  /** Fraction of a person box that must overlap a seat polygon when its bottom-centre is outside. */
  minOverlap: z.number().min(0).max(1).default(0.3),
});

/** A seats camera in the agent's config file: its seat polygons, motion filter and seat rules. */
export const seatsCameraSchema = roleCameraSchema(
  // Config files from before cameras had roles name none: those cameras are seats cameras.
  z.literal("seats").default("seats"),
  {
    seats: z.array(seatDefinitionSchema).max(256).default([]),
    motion: motionOptionsSchema.default(() => motionOptionsSchema.parse({})),
    analysis: analysisOptionsSchema.default(() => analysisOptionsSchema.parse({})),
  },
).superRefine((camera, ctx) => {
  const seen = new Set<string>();
  camera.seats.forEach((s, j) => {
    if (seen.has(s.seat))
      ctx.addIssue({ code: "custom", path: ["seats", j, "seat"], message: `duplicate seat "${s.seat}"` });
    seen.add(s.seat);
  });
});
export type SeatsCamera = z.infer<typeof seatsCameraSchema>;

/** The seat settings of one camera, from the config file's names to the analyser's. */
export function seatOptionsOf(camera: SeatsCamera): Partial<SeatOptions> {
  return {
    heldAfterMs: camera.analysis.heldAfterMs,
    entryDebounceMs: camera.analysis.entryDebounceMs,
    exitDebounceMs: camera.analysis.exitDebounceMs,
    personOverlap: camera.analysis.minOverlap,
    motionThreshold: camera.motion.threshold,
    // Without the motion filter every interval is a forced re-check.
    forceRecheckEvery: camera.motion.enabled ? camera.motion.forceEvery : 1,
  };
}

/** The hub's seats and seat rules over the device's camera; motion options stay the device's own. */
export function seatsFromPush(pushed: CameraConfig, mine: SeatsCamera | undefined) {
  if (pushed.role !== "seats") return {};
  return { seats: pushed.seats, analysis: { ...mine?.analysis, ...pushed.seatRules } };
}
