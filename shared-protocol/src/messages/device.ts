import { z } from "zod";
import { durationMsSchema, epochMsSchema, eventEnvelopeShape, versionSchema } from "../envelope.js";
import { cameraIdSchema } from "../ids.js";
import { cameraRoleSchema } from "../roles.js";

/**
 * Retained availability. The broker publishes the `offline` variant as the device's last will, so it is
 * fixed at connect time and carries no event id or sequence number: it is a status, not an event.
 */
export const availabilitySchema = z.object({
  v: versionSchema,
  state: z.enum(["online", "offline"]),
  ts: epochMsSchema.describe("When the device connected (for the will: when it set the will)"),
  agentVersion: z.string().max(32).optional(),
});
export type Availability = z.infer<typeof availabilitySchema>;

export const cameraStateSchema = z.enum(["connecting", "streaming", "reconnecting", "failed"]);
export type CameraState = z.infer<typeof cameraStateSchema>;

export const cameraHealthSchema = z.object({
  camera: cameraIdSchema,
  state: cameraStateSchema,
  fps: z.number().nonnegative().max(1000).describe("Frames analysed per second"),
  decodeMs: z.number().nonnegative().describe("Mean decode time per analysed frame"),
  inferenceMs: z.number().nonnegative().describe("Mean inference time per analysed frame"),
  queueDepth: z.number().int().nonnegative(),
  droppedFrames: z.number().int().nonnegative().describe("Frames dropped since the agent started"),
});
export type CameraHealth = z.infer<typeof cameraHealthSchema>;

/** An enabled camera the agent does not analyse, e.g. because this agent cannot run its role yet. */
export const skippedCameraSchema = z.object({
  camera: cameraIdSchema,
  role: cameraRoleSchema,
  reason: z.string().max(200),
});
export type SkippedCamera = z.infer<typeof skippedCameraSchema>;

/**
 * The agent's data dir. While it is full or read-only the agent keeps analysing and holds new events in
 * memory up to a bound; past it the oldest (superseded snapshots first) are dropped and counted here.
 */
export const storageHealthSchema = z.object({
  state: z
    .enum(["ok", "full", "read-only"])
    .describe("full = no space or quota (ENOSPC, EDQUOT); read-only = EROFS or not writable (EACCES)"),
  heldInMemory: z.number().int().nonnegative().describe("Events the disk refused, waiting in memory"),
  droppedEvents: z
    .number()
    .int()
    .nonnegative()
    .describe("Events dropped unsent because the disk refused them and the memory bound was hit"),
  error: z.string().max(200).optional().describe("The last write error while the state is not ok"),
});
export type StorageHealth = z.infer<typeof storageHealthSchema>;

/** Periodic heartbeat with the resource figures dashboards and alerting need. */
export const healthSchema = z.object({
  ...eventEnvelopeShape,
  agentVersion: z
    .string()
    .max(32)
    .optional()
    .describe("The agent's version, e.g. 0.1.0; absent from agents that predate it"),
  configRevision: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      "Revision of the last hub-pushed config the agent applied (0: it runs on its local file only); absent from older agents",
    ),
  configHash: z
    .string()
    .regex(/^[0-9a-f]{8,64}$/)
    .optional()
    .describe("Short hash of the config the agent runs with (passwords left out), to spot local edits"),
  uptimeS: z.number().int().nonnegative(),
  cpuPct: z
    .number()
    .min(0)
    .max(100 * 256)
    .describe("Process CPU, 100 = one core"),
  memRssMb: z.number().nonnegative(),
  outboxDepth: z.number().int().nonnegative().describe("Events waiting in the store-and-forward queue"),
  outboxDropped: z
    .number()
    .int()
    .nonnegative()
    .describe("Events dropped unsent: the queue was full, or the disk refused them (see storage)"),
  outboxUnconfirmed: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      "Of outboxDepth, events the broker acknowledged that the hub has not confirmed yet (see settled); absent from older agents",
    ),
  cameras: z.array(cameraHealthSchema).max(64),
  storage: storageHealthSchema.optional().describe("The data dir; absent from agents that predate it"),
  skippedCameras: z
    .array(skippedCameraSchema)
    .max(64)
    .optional()
    .describe("Enabled cameras the agent does not analyse, and why; absent when there are none"),
});
export type Health = z.infer<typeof healthSchema>;

export const cameraStatusSchema = z.object({
  ...eventEnvelopeShape,
  state: cameraStateSchema,
  role: cameraRoleSchema
    .optional()
    .describe("The camera's role on the device; the hub registers a camera it did not know with it"),
  reason: z.string().max(500).optional().describe("Why the camera is not streaming"),
  attempt: z.number().int().nonnegative().optional().describe("Reconnect attempt number"),
  retryInMs: durationMsSchema.optional(),
  stream: z
    .object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      codec: z.string().max(32),
      fps: z.number().nonnegative(),
    })
    .optional(),
});
export type CameraStatus = z.infer<typeof cameraStatusSchema>;
