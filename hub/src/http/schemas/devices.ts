import { z } from "@hono/zod-openapi";
import { deviceIdSchema, storageHealthSchema } from "@sitewatch/shared-protocol";
import type { EnrollmentTokenView } from "../../auth/device-enrollment.js";
import type { devices } from "../../db/schema/index.js";
import { iso, timestamp } from "./common.js";

const CameraHealthSchema = z
  .object({
    camera: z.string(),
    state: z.string(),
    fps: z.number().nullable(),
    decodeMs: z.number().nullable(),
    inferenceMs: z.number().nullable(),
    queueDepth: z.number().nullable(),
    droppedFrames: z.number().nullable(),
  })
  .openapi("CameraHealth");

const DeviceStorageSchema = z
  .object({
    state: z.enum(["ok", "full", "read-only"]),
    heldInMemory: z.number().int().describe("Events the disk refused, waiting in the agent's memory"),
    droppedEvents: z.number().int().describe("Events the agent dropped unsent because its disk refused them"),
    error: z.string().optional().describe("The last write error while the state is not ok"),
  })
  .openapi("DeviceStorage");

export const DeviceHealthSchema = z
  .object({
    at: timestamp.nullable().describe("When the device sent this heartbeat"),
    uptimeS: z.number().nullable(),
    cpuPct: z.number().nullable(),
    memRssMb: z.number().nullable(),
    outboxDepth: z.number().nullable(),
    outboxDropped: z.number().nullable(),
    storage: DeviceStorageSchema.nullable().describe(
      "The agent's data dir; null from agents that predate it",
    ),
    cameras: z.array(CameraHealthSchema),
  })
  .openapi("DeviceHealth");

const LatencyFiguresSchema = z
  .object({
    p50: z.number(),
    p95: z.number(),
    max: z.number(),
    samples: z.number().int().describe("Seat changes the figures come from (the most recent, at most 200)"),
  })
  .openapi("LatencyFigures");

export const DeviceLatencySchema = z
  .object({
    captureToHubMs: LatencyFiguresSchema.nullable().describe(
      "Milliseconds from the camera frame that decided a seat change to this hub instance receiving it, " +
        "over the device's recent seat changes (in memory; null before the first one since the hub started)",
    ),
  })
  .openapi("DeviceLatency");

export const DeviceSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    name: z.string(),
    status: z.enum(["active", "revoked"]),
    online: z.boolean(),
    lastSeenAt: timestamp.nullable(),
    agentVersion: z.string().nullable(),
    mqttUsername: z.string(),
    configRevision: z.number().int(),
    health: DeviceHealthSchema.nullable().describe("Last heartbeat; null before the first one"),
    latency: DeviceLatencySchema,
    createdAt: timestamp,
    revokedAt: timestamp.nullable(),
  })
  .openapi("Device");

export const DeviceListSchema = z.object({ devices: z.array(DeviceSchema) }).openapi("DeviceList");

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function storageOf(raw: unknown): z.infer<typeof DeviceStorageSchema> | null {
  const parsed = storageHealthSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The stored heartbeat is whatever ingest kept; read it defensively so an old shape never breaks the API. */
export function healthView(raw: unknown): z.infer<typeof DeviceHealthSchema> | null {
  if (!raw || typeof raw !== "object") return null;
  const h = raw as Record<string, unknown>;
  const cameras = Array.isArray(h.cameras) ? (h.cameras as Record<string, unknown>[]) : [];
  const ts = num(h.ts);
  return {
    at: ts === null ? null : new Date(ts).toISOString(),
    uptimeS: num(h.uptimeS),
    cpuPct: num(h.cpuPct),
    memRssMb: num(h.memRssMb),
    outboxDepth: num(h.outboxDepth),
    outboxDropped: num(h.outboxDropped),
    storage: storageOf(h.storage),
    cameras: cameras
      .filter((cam) => cam && typeof cam === "object")
      .map((cam) => ({
        camera: String(cam.camera ?? "?"),
        state: String(cam.state ?? "unknown"),
        fps: num(cam.fps),
        decodeMs: num(cam.decodeMs),
        inferenceMs: num(cam.inferenceMs),
        queueDepth: num(cam.queueDepth),
        droppedFrames: num(cam.droppedFrames),
      })),
  };
}

export function deviceView(
  d: typeof devices.$inferSelect,
  latency: z.infer<typeof DeviceLatencySchema> = { captureToHubMs: null },
): z.infer<typeof DeviceSchema> {
  return {
    id: d.id,
    site: d.siteId,
    name: d.name,
    status: d.status,
    online: d.online,
    lastSeenAt: iso(d.lastSeenAt),
    agentVersion: d.agentVersion,
    mqttUsername: d.mqttUsername,
    configRevision: d.configRevision,
    health: healthView(d.health),
    latency,
    createdAt: iso(d.createdAt),
    revokedAt: iso(d.revokedAt),
  };
}

export const EnrollmentTokenSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    note: z.string().nullable(),
    expiresAt: timestamp,
    usedAt: timestamp.nullable(),
    usedByDevice: z.string().nullable(),
    createdAt: timestamp,
    state: z.enum(["active", "used", "expired"]),
  })
  .openapi("EnrollmentToken");

export const EnrollmentTokenListSchema = z
  .object({ tokens: z.array(EnrollmentTokenSchema) })
  .openapi("EnrollmentTokenList");

export function enrollmentTokenView(t: EnrollmentTokenView): z.infer<typeof EnrollmentTokenSchema> {
  const state = t.usedAt ? "used" : t.expiresAt.getTime() <= Date.now() ? "expired" : "active";
  return {
    ...t,
    expiresAt: iso(t.expiresAt),
    usedAt: iso(t.usedAt),
    createdAt: iso(t.createdAt),
    state,
  };
}

export const CreateEnrollmentTokenBody = z
  .object({
    note: z.string().max(200).optional(),
    expiresInS: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(86_400)
      .describe("Validity; default 24 h"),
  })
  .openapi("CreateEnrollmentTokenRequest");

export const CreatedEnrollmentTokenSchema = EnrollmentTokenSchema.extend({
  token: z.string().describe("The secret; shown only in this response. Single use."),
}).openapi("CreatedEnrollmentToken");

export const EnrollBody = z
  .object({
    token: z.string().min(1).max(512),
    deviceId: deviceIdSchema,
    name: z.string().min(1).max(200).optional(),
  })
  .openapi("EnrollRequest");

export const EnrollmentSchema = z
  .object({
    site: z.string(),
    device: z.string(),
    mqtt: z.object({
      username: z.string(),
      password: z.string().describe("Shown only in this response; the hub keeps a hash"),
      topicPrefix: z.string().describe("The device may publish and subscribe only below this prefix"),
    }),
    protocolVersion: z.number().int(),
  })
  .openapi("Enrollment");
