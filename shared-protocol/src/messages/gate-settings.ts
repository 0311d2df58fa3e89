import { z } from "zod";
import { type Point, pointSchema } from "../envelope.js";
import { polygonProblem } from "../geometry.js";
import { slugSchema } from "../ids.js";

/**
 * The settings of a gate camera that the hub may push, the same bounds and defaults as a device's own
 * config file. Objects are not strict: a device ignores settings of a newer hub it does not know.
 */

/** The whole picture: a camera aimed at the lane needs no zone drawn before it works. */
const WHOLE_FRAME: readonly Point[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

export const gateZoneSchema = z
  .array(pointSchema)
  .min(3)
  .max(64)
  .superRefine((points, ctx) => {
    const problem = polygonProblem(points);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const gateMotionSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.02)
    .describe(
      "Mean absolute pixel change (0..1) inside the zone that wakes the detector while the lane is empty",
    ),
  forceEvery: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe("Run the detector on an empty lane after this many quiet intervals anyway"),
});
export type GateMotionSettings = z.infer<typeof gateMotionSettingsSchema>;

/** The fields of `gateSettingsSchema`, for a device's config file to spread into its camera entry. */
export const gateSettingsShape = {
  zone: gateZoneSchema
    .default(() => WHOLE_FRAME.map(([x, y]) => [x, y] as Point))
    .describe(
      "Where vehicles are tracked (normalised polygon); a detection counts when its centre lies inside",
    ),
  directionLine: z
    .tuple([pointSchema, pointSchema])
    .optional()
    .describe(
      'A vehicle whose centre starts left of the line (looking from its first point to its second) and ends right of it went "in"; the reverse is "out"',
    ),
  vehicleClasses: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(32)
    .default(["truck", "bus", "car"])
    .describe("Detector labels that count as vehicles carrying containers"),
  activeIntervalMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(500)
    .describe("Capture interval while a vehicle is in the zone"),
  scoreThreshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Detections below this score are ignored; unset, the device's detector threshold"),
  minTrackFrames: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(3)
    .describe("A track seen on fewer analysed frames is noise and reports nothing"),
  lostAfterFrames: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .describe("A track not matched on this many analysed frames in a row has left"),
  maxOcrFrames: z
    .number()
    .int()
    .min(1)
    .max(32)
    .default(4)
    .describe("OCR runs on at most this many frames of one passage"),
  passageGroup: slugSchema
    .optional()
    .describe("Cameras of one gate with the same group vote together: one entry per container"),
  motion: gateMotionSettingsSchema.default(() => gateMotionSettingsSchema.parse({})),
};

export const gateSettingsSchema = z.object(gateSettingsShape);
/** A gate camera's settings, defaults filled in. */
export type GateSettings = z.infer<typeof gateSettingsSchema>;
/** Gate settings as a client may send them, defaults left out. */
export type GateSettingsInput = z.input<typeof gateSettingsSchema>;
