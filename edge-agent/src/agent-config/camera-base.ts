import { type CameraRole, cameraIdSchema, type cameraRoleSchema } from "@sitewatch/shared-protocol";
import { z } from "zod";

/** rtsp(s):// and file:// URLs, or a plain path to a video file (handy for trials and tests). */
const cameraUrl = z
  .string()
  .min(1)
  .max(1024)
  .refine((u) => /^(rtsps?|file):\/\//i.test(u) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(u), {
    message: "must be an rtsp://, rtsps:// or file:// URL or a path to a video file",
  });

// The settings every camera has in the agent's config file, whatever its role, around `role` (the
// order is the order a saved file lists them in).
const head = {
  id: cameraIdSchema,
  name: z.string().min(1).max(200),
  /** A disabled camera keeps its settings but runs no pipeline. */
  enabled: z.boolean().default(true),
  url: cameraUrl,
  /** The RTSP password from this environment variable instead of the URL (camera-secrets.ts). */
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name (letters, digits, _)")
    .optional(),
  /** The RTSP password from this file (e.g. a Docker secret); relative to the config file's folder. */
  passwordFile: z.string().min(1).max(1024).optional(),
};
/**
 * Archive recording of the camera's own video (remuxed, never re-encoded) into the agent's
 * `<dataDir>/archive/<camera>/`, whatever its role. Absent or `enabled: false`: nothing is recorded.
 */
export const recordSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Segments are cut at the first keyframe after this long; 10 s is the floor (tests), 1 h the ceiling. */
  segmentSeconds: z.number().int().min(10).max(3_600).default(600),
  /** Segments older than this are deleted; unset keeps them until the quota needs the space. */
  retentionDays: z.number().positive().max(3_650).optional(),
  /** The camera's segments together stay under this; the oldest are deleted first. */
  maxGiB: z.number().positive().max(1_000_000).optional(),
});
export type RecordOption = z.infer<typeof recordSchema>;

const tail = {
  intervalMs: z.number().int().min(200).max(60_000).default(3_000),
  maxWidth: z.number().int().min(160).max(3840).optional(),
  record: recordSchema.optional(),
};

/** What the generic camera worker reads of any camera entry. */
export type CameraBase = z.infer<z.ZodObject<typeof head & { role: typeof cameraRoleSchema } & typeof tail>>;

/**
 * One role's camera entry in the config file: the common settings, `role` as its literal tag (e.g.
 * `z.literal("gate")`) and the role's own settings. Strict, so a typo in a hand-edited file
 * ("intervallMs") is an error instead of a silently ignored setting.
 */
export function roleCameraSchema<T extends z.ZodType<CameraRole>, S extends z.ZodRawShape>(
  role: T,
  settings: S,
) {
  return z.strictObject({ ...head, role, ...tail, ...settings });
}
