import { type CameraConfig, gateMotionSettingsSchema, gateSettingsShape } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { roleCameraSchema } from "../../agent-config/camera-base.js";

// Strict in the file, so a typo in a hand-edited "motion" is an error; the protocol's is not, so a
// device ignores motion settings of a newer hub.
const fileMotionSchema = z.strictObject(gateMotionSettingsSchema.shape);

/**
 * A gate camera in the agent's config file. `intervalMs` is the idle rate (motion-gated); while a
 * vehicle is in the zone capture runs at `activeIntervalMs`. Points are normalised (0..1).
 */
export const gateCameraSchema = roleCameraSchema(z.literal("gate"), {
  // The settings a hub may push (shared-protocol gate-settings.ts), with the same bounds and defaults.
  ...gateSettingsShape,
  motion: fileMotionSchema.default(() => fileMotionSchema.parse({})),
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

/** Every gate setting a push may carry, unset: a pushed object replaces the file's, optional fields too. */
const NO_GATE_SETTINGS = Object.fromEntries(Object.keys(gateSettingsShape).map((key) => [key, undefined]));

/**
 * The hub's gate settings over the device's camera: when the push carries them they replace the
 * file's (a setting the hub left out takes its default, it does not fall back to the file's); when it
 * carries none the device keeps its own.
 */
export function gateFromPush(pushed: CameraConfig, _mine: GateCamera | undefined): Record<string, unknown> {
  if (pushed.role !== "gate" || !pushed.gate) return {};
  return { ...NO_GATE_SETTINGS, ...pushed.gate };
}
