import { z } from "zod";
import { epochMsSchema } from "./envelope.js";
import { deviceIdSchema, siteIdSchema } from "./ids.js";
import { cameraStateSchema, cameraStatusSchema, healthSchema } from "./messages/device.js";

/**
 * The device entity: what `GET /devices` lists and what the live `device:availability` and
 * `device:health` events update, in one shape (see entities.ts for the rules). Every instant is epoch
 * milliseconds; fields not known yet are null, as the REST record always had them.
 */

/**
 * A device's last heartbeat: the `device:health` message as the hub keeps it, without the envelope
 * (`v`, `id`, `seq`) that only matters for delivery. A live event's `data` is a valid value as it is.
 */
export const deviceHeartbeatSchema = healthSchema
  .omit({ v: true, id: true, seq: true })
  .describe("The device's last heartbeat: a `device:health` message without `v`, `id` and `seq`");
export type DeviceHeartbeat = z.infer<typeof deviceHeartbeatSchema>;

export const latencyFiguresSchema = z.object({
  p50: z.number(),
  p95: z.number(),
  max: z.number(),
  samples: z.number().int().describe("Seat changes the figures come from (the most recent, at most 200)"),
});
export type LatencyFigures = z.infer<typeof latencyFiguresSchema>;

export const deviceLatencySchema = z.object({
  captureToHubMs: latencyFiguresSchema
    .nullable()
    .describe(
      "Milliseconds from the camera frame that decided a seat change to this hub instance receiving it, " +
        "over the device's recent seat changes (in memory; null before the first one since the hub started)",
    ),
});
export type DeviceLatency = z.infer<typeof deviceLatencySchema>;

/**
 * An enrolled edge device. `device:availability` sets `online` (and `agentVersion` when it carries
 * one), `device:health` replaces `health` with its `data`; both mean the hub heard the device.
 */
export const hubDeviceSchema = z.object({
  id: deviceIdSchema,
  site: siteIdSchema,
  name: z.string(),
  status: z.enum(["active", "revoked"]),
  online: z.boolean(),
  lastSeenAt: epochMsSchema.nullable().describe("When the hub last heard from the device; null before that"),
  agentVersion: z.string().nullable(),
  mqttUsername: z.string(),
  configRevision: z
    .number()
    .int()
    .nonnegative()
    .describe("Revision of the device's configuration; each change the hub pushes raises it"),
  health: deviceHeartbeatSchema
    .nullable()
    .describe("The last heartbeat: the `device:health` message without `v`, `id`, `seq`; null before one"),
  latency: deviceLatencySchema,
  createdAt: epochMsSchema.describe("When the device was enrolled"),
  revokedAt: epochMsSchema.nullable().describe("When its credentials were revoked; null while active"),
});
export type HubDevice = z.infer<typeof hubDeviceSchema>;

/** A camera's state as the hub records it: a `camera:status` state, or `unknown` before the first one. */
export const hubCameraStateSchema = z
  .enum([...cameraStateSchema.options, "unknown"])
  .describe("The last `camera:status` state; `unknown` until the camera first reports");
export type HubCameraState = z.infer<typeof hubCameraStateSchema>;

/**
 * The part of a camera record that `camera:status` reports, under the message's names: its `state` and
 * `reason`, and `stateAt`, the message's `ts`. Null (and `unknown`) until the camera first reports.
 */
export const hubCameraStatusShape = {
  state: hubCameraStateSchema,
  reason: cameraStatusSchema.shape.reason.unwrap().nullable().describe("Why the camera is not streaming"),
  stateAt: epochMsSchema.nullable().describe("When the device reported the state (the message's `ts`)"),
};
