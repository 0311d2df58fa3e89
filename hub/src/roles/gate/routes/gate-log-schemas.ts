import { z } from "@hono/zod-openapi";
import { cameraIdSchema, deviceIdSchema, epochMsSchema } from "@sitewatch/shared-protocol";
import type { gateLogs } from "../../../db/schema/index.js";
import { isoQuery, SiteParams, timestamp, uuidParam } from "../../../http/schemas/common.js";

export const GateLogQuery = z.object({
  from: isoQuery.optional().describe("Entries at or after this time"),
  to: isoQuery.optional().describe("Entries before this time"),
  ownerCode: z
    .string()
    .regex(
      /^[A-Za-z]{3}[UJZRujzr]?$/,
      "an ISO 6346 owner code: 3 letters, optionally with the category letter",
    )
    .optional()
    .describe("Owner code, e.g. CSQ (case-insensitive)"),
  number: z
    .string()
    .max(32)
    .optional()
    .describe(
      "Container number prefix; spaces, dashes and case are ignored (`csqu 3054` matches CSQU3054383)",
    ),
  numberMatch: z
    .enum(["prefix", "contains"])
    .default("prefix")
    .describe(
      "How `number` matches: the start of the container number, or anywhere in it (`3054` → CSQU3054383)",
    ),
  camera: cameraIdSchema.optional(),
  device: deviceIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
});

export const GateLogSchema = z
  .object({
    id: z.string().describe("The `gate:entry` event id"),
    at: epochMsSchema.describe("Time of the best frame, as `gate:entry` carries it"),
    device: z.string(),
    camera: z.string(),
    ownerCode: z.string().nullable(),
    category: z.string().nullable(),
    serial: z.string().nullable(),
    checkDigit: z.number().int().nullable(),
    checkDigitValid: z.boolean().nullable(),
    containerNumber: z.string().nullable(),
    rawText: z.string(),
    plate: z.string().nullable(),
    vehicleClass: z.string().nullable(),
    direction: z.string(),
    confidence: z.number(),
    snapshotRef: z.string().nullable(),
    trackId: z.number().int().nullable(),
    passage: z
      .string()
      .nullable()
      .describe(
        "Entries of one passage share it: several containers on one truck, several cameras of one group",
      ),
    cropUrl: z
      .string()
      .optional()
      .describe("Where the entry's crop (JPEG) is, when the hub stored one; same credentials as this list"),
  })
  .openapi("GateLog");

export const GateLogPageSchema = z
  .object({
    entries: z.array(GateLogSchema).describe("Newest first"),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null at the end"),
  })
  .openapi("GateLogPage");

export const GateCropParams = SiteParams.extend({ id: uuidParam("id") });

export const GateCropHeaders = z.object({
  "x-captured-at": timestamp.describe("When the device produced the crop"),
});

/** The crop route of a gate entry, as `cropUrl` carries it. */
export function gateCropUrl(site: string, entry: string): string {
  return `/api/v1/sites/${site}/gate-logs/${entry}/crop`;
}

export function gateLogView(g: typeof gateLogs.$inferSelect, hasCrop = false): z.infer<typeof GateLogSchema> {
  return {
    id: g.id,
    at: g.at.getTime(),
    device: g.deviceId,
    camera: g.cameraId,
    ownerCode: g.ownerCode,
    category: g.category,
    serial: g.serial,
    checkDigit: g.checkDigit,
    checkDigitValid: g.checkDigitValid,
    containerNumber: g.containerNumber,
    rawText: g.rawText,
    plate: g.plate,
    vehicleClass: g.vehicleClass,
    direction: g.direction,
    confidence: g.confidence,
    snapshotRef: g.snapshotRef,
    trackId: g.trackId,
    passage: g.passageId,
    ...(hasCrop ? { cropUrl: gateCropUrl(g.siteId, g.id) } : {}),
  };
}
