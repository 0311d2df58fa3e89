import { z } from "zod";
import { commandEnvelopeShape, durationMsSchema, eventEnvelopeShape, pointSchema } from "../envelope.js";
import { errorCodeSchema } from "../errors.js";
import { polygonProblem } from "../geometry.js";
import { cameraIdSchema, eventIdSchema, seatIdSchema } from "../ids.js";
import type { CameraRole } from "../roles.js";
import { gateSettingsSchema } from "./gate-settings.js";

export const seatPolygonSchema = z
  .array(pointSchema)
  .min(3)
  .max(64)
  .superRefine((points, ctx) => {
    const problem = polygonProblem(points);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const seatDefinitionSchema = z.object({
  seat: seatIdSchema,
  polygon: seatPolygonSchema,
  kind: z.enum(["desk", "booth", "sofa", "other"]).default("desk"),
  active: z.boolean().default(true),
});
export type SeatDefinition = z.infer<typeof seatDefinitionSchema>;

export const seatRulesSchema = z.object({
  heldAfterMs: durationMsSchema
    .default(10 * 60_000)
    .describe("Belongings without a person for this long = held"),
  entryDebounceMs: durationMsSchema.default(6_000),
  exitDebounceMs: durationMsSchema.default(30_000),
});

/** What every camera has besides its id and role, whatever the role. */
const cameraConfigShape = {
  enabled: z.boolean().default(true),
  url: z.string().max(1024).optional().describe("Stream URL; omitted to keep the device's own"),
  sampleIntervalMs: z.number().int().min(100).max(60_000).default(3_000),
};

/**
 * One camera entry per role, each with `role` as its literal tag plus the role's own settings. Keyed by
 * role and checked against `cameraRoles`, so a role added to the list does not compile until it has an
 * entry here. Entries are not strict: a device ignores settings of a newer hub it does not know.
 */
export const cameraConfigSchemas = {
  seats: z.object({
    camera: cameraIdSchema,
    role: z.literal("seats"),
    ...cameraConfigShape,
    seats: z.array(seatDefinitionSchema).max(256).default([]),
    seatRules: seatRulesSchema.optional(),
  }),
  gate: z.object({
    camera: cameraIdSchema,
    role: z.literal("gate"),
    ...cameraConfigShape,
    gate: gateSettingsSchema.optional().describe("Omitted to keep the device's own gate settings"),
  }),
  attention: z.object({ camera: cameraIdSchema, role: z.literal("attention"), ...cameraConfigShape }),
} satisfies { [R in CameraRole]: z.ZodObject<{ role: z.ZodLiteral<R> } & z.ZodRawShape> };

type CameraConfigSchema = (typeof cameraConfigSchemas)[CameraRole];
export const cameraConfigSchema = z.discriminatedUnion(
  "role",
  Object.values(cameraConfigSchemas) as [CameraConfigSchema, ...CameraConfigSchema[]],
);
export type CameraConfig = z.infer<typeof cameraConfigSchema>;
/** The config of a camera of one role, e.g. `CameraConfigOf<"seats">` with its seats and rules. */
export type CameraConfigOf<R extends CameraRole> = z.infer<(typeof cameraConfigSchemas)[R]>;

/** Replaces the device's camera and seat configuration; `revision` lets the device ignore stale pushes. */
export const configPushSchema = z.object({
  ...commandEnvelopeShape,
  revision: z.number().int().nonnegative(),
  cameras: z.array(cameraConfigSchema).max(64),
});
export type ConfigPush = z.infer<typeof configPushSchema>;

export const liveStartSchema = z.object({
  ...commandEnvelopeShape,
  camera: cameraIdSchema,
  session: z.string().min(1).max(64),
  fps: z.number().min(0.1).max(15).default(2),
  maxWidth: z.number().int().min(160).max(3840).default(960),
  ttlMs: durationMsSchema
    .default(60_000)
    .describe("Stops by itself unless renewed, so a dead viewer costs little"),
  format: z
    .enum(["frames", "hls"])
    .default("frames")
    .describe(
      "frames: annotated JPEG liveFrame events over MQTT; hls: the camera's own video remuxed (no re-encode) into short MPEG-TS segments uploaded to the hub over HTTP",
    ),
  segmentMs: z
    .number()
    .int()
    .min(500)
    .max(6000)
    .default(1000)
    .describe("hls only: the shortest segment; each is cut at the first keyframe after this much video"),
});
export type LiveStart = z.infer<typeof liveStartSchema>;

export const liveStopSchema = z.object({
  ...commandEnvelopeShape,
  camera: cameraIdSchema,
  session: z.string().min(1).max(64),
});
export type LiveStop = z.infer<typeof liveStopSchema>;

export const snapshotRequestSchema = z.object({
  ...commandEnvelopeShape,
  camera: cameraIdSchema,
  maxWidth: z.number().int().min(160).max(3840).default(1280),
});
export type SnapshotRequest = z.infer<typeof snapshotRequestSchema>;

/**
 * Asks the device to upload one closed archive segment to the hub (`PUT /api/v1/segment-uploads/{upload}`
 * with its own credentials) because a viewer asked to play it: archived video leaves the site only on demand.
 */
export const segmentUploadSchema = z.object({
  ...commandEnvelopeShape,
  camera: cameraIdSchema,
  segment: z.string().min(1).max(128).describe("Segment id, as in the segment's archive event"),
  upload: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .describe("Single-use upload id the hub expects the file under"),
});
export type SegmentUpload = z.infer<typeof segmentUploadSchema>;

export const restartPipelineSchema = z.object({
  ...commandEnvelopeShape,
  camera: cameraIdSchema.optional().describe("Omit to restart every pipeline"),
});
export type RestartPipeline = z.infer<typeof restartPipelineSchema>;

export const commandNames = [
  "config-push",
  "live-start",
  "live-stop",
  "snapshot",
  "restart-pipeline",
  "segment-upload",
] as const;
export const commandNameSchema = z.enum(commandNames);
export type CommandName = z.infer<typeof commandNameSchema>;

/** A device answers every command: `accepted` at once for slow commands, then `completed` or `failed`. */
export const commandAckSchema = z
  .object({
    ...eventEnvelopeShape,
    command: eventIdSchema.describe("Id of the command being acknowledged"),
    name: commandNameSchema,
    status: z.enum(["accepted", "completed", "failed"]),
    error: z.object({ code: errorCodeSchema, message: z.string().max(500) }).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((a) => (a.status === "failed") === (a.error !== undefined), {
    message: "error is required exactly when status is failed",
    path: ["error"],
  });
export type CommandAck = z.infer<typeof commandAckSchema>;

/** The picture answering a snapshot command. */
export const snapshotSchema = z.object({
  ...eventEnvelopeShape,
  command: eventIdSchema,
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  jpeg: z.base64().max(1_000_000),
  facesBlurred: z.boolean(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
