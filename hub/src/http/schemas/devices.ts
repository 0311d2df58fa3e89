import { z } from "@hono/zod-openapi";
import {
  type DeviceHeartbeat,
  type DeviceLatency,
  deviceHeartbeatSchema,
  deviceIdSchema,
  deviceLatencySchema,
  type HubDevice,
  hubDeviceSchema,
} from "@sitewatch/shared-protocol";
import type { EnrollmentTokenView } from "../../auth/device-enrollment.js";
import type { devices } from "../../db/schema/index.js";
import { annotate, iso, timestamp } from "./common.js";

// For the REST types only (api-types); the OpenAPI document shows them inside Device.
export const DeviceHealthSchema = deviceHeartbeatSchema;
export const DeviceLatencySchema = deviceLatencySchema;

/**
 * The very object the live `device:availability` and `device:health` events update (shared-protocol's
 * hubDeviceSchema): `health` is the last `device:health` data, every instant in epoch ms.
 */
export const DeviceSchema = annotate(hubDeviceSchema, "Device");

export const DeviceListSchema = z.object({ devices: z.array(DeviceSchema) }).openapi("DeviceList");

/**
 * The stored heartbeat is what ingest kept under the protocol of its day. One that no longer parses
 * (an older shape) reads as none: the next heartbeat replaces it, and the API never fails over it.
 */
export function heartbeatOf(raw: unknown): DeviceHeartbeat | null {
  const parsed = deviceHeartbeatSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const ms = (d: Date | null) => d?.getTime() ?? null;

export function deviceView(
  d: typeof devices.$inferSelect,
  latency: DeviceLatency = { captureToHubMs: null },
): HubDevice {
  return {
    id: d.id,
    site: d.siteId,
    name: d.name,
    status: d.status,
    online: d.online,
    lastSeenAt: ms(d.lastSeenAt),
    agentVersion: d.agentVersion,
    mqttUsername: d.mqttUsername,
    configRevision: d.configRevision,
    health: heartbeatOf(d.health),
    latency,
    createdAt: d.createdAt.getTime(),
    revokedAt: ms(d.revokedAt),
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
    boundDevice: z
      .string()
      .nullable()
      .describe("Re-enrolment tokens only: the one device id that may use it (and may be active)"),
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

export const UpdateDeviceBody = z
  .object({ name: z.string().trim().min(1).max(200) })
  .openapi("UpdateDeviceRequest");

// A re-enrolment token is an enrolment token bound to one device: the same note and validity.
export const ReEnrollBody = CreateEnrollmentTokenBody.openapi("ReEnrollRequest");

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
