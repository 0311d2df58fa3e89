import { z } from "@hono/zod-openapi";
import {
  cameraIdSchema,
  cameraRoleSchema,
  type GateSettings,
  gateSettingsSchema,
  hubCameraStateSchema,
  hubCameraStatusShape,
} from "@sitewatch/shared-protocol";
import type { cameras } from "../../db/schema/index.js";
import { annotate, DeviceParams, iso, param, timestamp } from "./common.js";

/** The gate settings a configPush carries (shared-protocol's gateSettingsSchema); defaults filled on write. */
export const GateSettingsSchema = annotate(gateSettingsSchema, "GateSettings");

export const PushSchema = z
  .object({
    device: z.string(),
    status: z.enum(["completed", "accepted", "failed", "timeout", "offline", "skipped"]),
    revision: z.number().int().optional(),
    message: z.string().optional(),
  })
  .openapi("ConfigPush", { description: "What became of pushing the new configuration to the device" });

export const CameraSchema = z
  .object({
    site: z.string(),
    device: z.string(),
    id: z.string(),
    name: z.string(),
    role: cameraRoleSchema,
    url: z.string().nullable().describe("Stream URL with any password masked"),
    sampleIntervalMs: z.number().int(),
    enabled: z.boolean(),
    // The fields `camera:status` reports, under its names and in epoch ms.
    ...hubCameraStatusShape,
    stream: z
      .object({
        width: z.number().nullable(),
        height: z.number().nullable(),
        codec: z.string().nullable(),
        fps: z.number().nullable(),
      })
      .describe("As last reported by the device"),
    gate: GateSettingsSchema.nullable()
      .optional()
      .describe("Gate cameras only: the settings pushed to the device; null while the device keeps its own"),
    createdAt: timestamp,
  })
  .openapi("Camera");

export const CameraWithPushSchema = CameraSchema.extend({ push: PushSchema }).openapi("CameraWrite");
export const CameraListSchema = z.object({ cameras: z.array(CameraSchema) }).openapi("CameraList");

const url = z.string().min(1).max(1024);
const sampleIntervalMs = z.number().int().min(100).max(60_000);

export const CreateCameraBody = z
  .object({
    id: cameraIdSchema,
    name: z.string().min(1).max(200),
    role: cameraRoleSchema,
    url: url.optional(),
    sampleIntervalMs: sampleIntervalMs.default(3_000),
    enabled: z.boolean().default(true),
    gate: GateSettingsSchema.optional().describe(
      "Gate cameras only: settings to push instead of the device's own",
    ),
  })
  .openapi("CreateCameraRequest");

export const UpdateCameraBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    role: cameraRoleSchema.optional(),
    url: url.nullable().optional(),
    sampleIntervalMs: sampleIntervalMs.optional(),
    enabled: z.boolean().optional(),
    gate: GateSettingsSchema.nullable()
      .optional()
      .describe(
        "Gate cameras only: replaces the pushed settings (omitted fields take their defaults); null lets the device keep its own",
      ),
  })
  .openapi("UpdateCameraRequest");

export const CameraParams = DeviceParams.extend({ camera: param(cameraIdSchema, "camera") });

/** RTSP URLs often embed credentials; the API never hands them back. */
export function maskUrl(raw: string | null): string | null {
  if (!raw) return raw;
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, "$1:***@");
}

/**
 * The gate settings stored on a gate camera, or null. Only validated settings are stored; a row that
 * no longer passes (bounds tightened since) reads as none, so the device keeps its own.
 */
export function storedGateSettings(
  cam: Pick<typeof cameras.$inferSelect, "role" | "settings">,
): GateSettings | null {
  if (cam.role !== "gate" || cam.settings === null) return null;
  const parsed = gateSettingsSchema.safeParse(cam.settings);
  return parsed.success ? parsed.data : null;
}

// Ingest writes only protocol states; anything else in the column reads as not reported yet.
const stateOf = hubCameraStateSchema.catch("unknown");

export function cameraView(cam: typeof cameras.$inferSelect): z.infer<typeof CameraSchema> {
  return {
    site: cam.siteId,
    device: cam.deviceId,
    id: cam.id,
    name: cam.name,
    role: cam.role,
    url: maskUrl(cam.url),
    sampleIntervalMs: cam.sampleIntervalMs,
    enabled: cam.enabled,
    state: stateOf.parse(cam.state),
    reason: cam.stateReason,
    stateAt: cam.stateAt?.getTime() ?? null,
    stream: { width: cam.width, height: cam.height, codec: cam.codec, fps: cam.fps },
    ...(cam.role === "gate" ? { gate: storedGateSettings(cam) } : {}),
    createdAt: iso(cam.createdAt),
  };
}
