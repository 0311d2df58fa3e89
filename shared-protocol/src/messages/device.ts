import { z } from "zod";
import { durationMsSchema, epochMsSchema, eventEnvelopeShape, versionSchema } from "../envelope.js";
import { cameraIdSchema } from "../ids.js";

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

/** Periodic heartbeat with the resource figures dashboards and alerting need. */
export const healthSchema = z.object({
  ...eventEnvelopeShape,
  uptimeS: z.number().int().nonnegative(),
  cpuPct: z
    .number()
    .min(0)
    .max(100 * 256)
    .describe("Process CPU, 100 = one core"),
  memRssMb: z.number().nonnegative(),
  outboxDepth: z.number().int().nonnegative().describe("Events waiting in the store-and-forward queue"),
  outboxDropped: z.number().int().nonnegative().describe("Events evicted because the queue was full"),
  cameras: z.array(cameraHealthSchema).max(64),
});
export type Health = z.infer<typeof healthSchema>;

export const cameraStatusSchema = z.object({
  ...eventEnvelopeShape,
  state: cameraStateSchema,
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
