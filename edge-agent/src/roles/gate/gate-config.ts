import { pointSchema, polygonProblem, slugSchema } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { roleCameraSchema } from "../../agent-config/camera-base.js";

const zoneSchema = z
  .array(pointSchema)
  .min(3)
  .max(64)
  .superRefine((points, ctx) => {
    const problem = polygonProblem(points);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The whole picture: a camera aimed at the lane needs no zone drawn before it works. */
const WHOLE_FRAME: z.infer<typeof pointSchema>[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

export const gateMotionSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Mean absolute pixel change (0..1) inside the zone that wakes the detector while the lane is empty. */
  threshold: z.number().min(0).max(1).default(0.02),
  /** Run the detector on an empty lane after this many quiet intervals anyway. */
  forceEvery: z.number().int().min(1).max(1000).default(10),
});

/**
 * A gate camera in the agent's config file. `intervalMs` is the idle rate (motion-gated); while a
 * vehicle is in the zone capture runs at `activeIntervalMs`. Points are normalised (0..1).
 */
export const gateCameraSchema = roleCameraSchema(z.literal("gate"), {
  /** Where vehicles are tracked; a detection counts when its centre lies inside. */
  zone: zoneSchema.default(() => WHOLE_FRAME.map(([x, y]) => [x, y] as [number, number])),
  /**
   * Optional direction line. A vehicle whose centre starts on the left of the line, looking from its
   * first point to its second, and ends on the right went "in"; the reverse is "out". Swap the points
   * to swap the meaning.
   */
  directionLine: z.tuple([pointSchema, pointSchema]).optional(),
  /** Detector labels that count as vehicles carrying containers. */
  vehicleClasses: z.array(z.string().min(1).max(64)).min(1).max(32).default(["truck", "bus", "car"]),
  activeIntervalMs: z.number().int().min(100).max(60_000).default(500),
  /**
   * Detections below this score are ignored on this camera; unset, the agent's detector.scoreThreshold.
   * The built-in detector scores close-up containers low, so a gate usually wants a lower bar than seats.
   */
  scoreThreshold: z.number().min(0).max(1).optional(),
  /** A track seen on fewer analysed frames is noise (a shadow, a passing detection) and reports nothing. */
  minTrackFrames: z.number().int().min(1).max(1000).default(3),
  /**
   * A track not matched on this many analysed frames in a row has left. Kept short because it is most of
   * passage end → entry; a truck lost and found again still makes one entry (the passage lingers).
   */
  lostAfterFrames: z.number().int().min(1).max(100).default(2),
  /** OCR runs on at most this many frames of one passage: the best-looking ones as they come. */
  maxOcrFrames: z.number().int().min(1).max(32).default(4),
  /** Cameras of one gate with the same group vote together: one entry per container for all of them. */
  passageGroup: slugSchema.optional(),
  motion: gateMotionSchema.default(() => gateMotionSchema.parse({})),
  // Agents before roles wrote seat settings on every camera; such a file still loads and drops them.
  seats: z.array(z.unknown()).max(0).optional(),
  analysis: z.unknown().optional(),
}).transform(({ seats: _s, analysis: _a, ...camera }) => camera);
export type GateCamera = z.infer<typeof gateCameraSchema>;

/** The analyser's settings, resolved from a camera entry. */
export interface GateSettings {
  readonly zone: readonly (readonly [number, number])[];
  readonly directionLine?: readonly [readonly [number, number], readonly [number, number]];
  readonly vehicleClasses: ReadonlySet<string>;
  readonly minTrackFrames: number;
  readonly lostAfterFrames: number;
  readonly maxOcrFrames: number;
  readonly motion: { readonly enabled: boolean; readonly threshold: number; readonly forceEvery: number };
}

export function gateSettingsOf(camera: GateCamera): GateSettings {
  return {
    zone: camera.zone,
    directionLine: camera.directionLine,
    vehicleClasses: new Set(camera.vehicleClasses),
    minTrackFrames: camera.minTrackFrames,
    lostAfterFrames: camera.lostAfterFrames,
    maxOcrFrames: camera.maxOcrFrames,
    motion: camera.motion,
  };
}

// The hub's config push carries only the common camera fields for gate cameras today
// (shared-protocol cameraConfigSchemas.gate), so there is no gateFromPush: zone, line and classes
// stay the device's own until the protocol names them.
