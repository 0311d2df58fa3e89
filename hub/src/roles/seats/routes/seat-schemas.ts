import { z } from "@hono/zod-openapi";
import {
  cameraIdSchema,
  deviceIdSchema,
  epochMsSchema,
  seatCurrentStateSchema,
  seatHistoryEventSchema,
  seatIdSchema,
} from "@sitewatch/shared-protocol";
import type { seats } from "../../../db/schema/index.js";
import { PushSchema } from "../../../http/schemas/cameras.js";
import { annotate, iso, isoQuery, param, siteParam, timestamp } from "../../../http/schemas/common.js";

const SeatKind = z.enum(["desk", "booth", "sofa", "other"]);

// Points are only checked for being number pairs here; polygonProblem() gives the precise reason
// (fewer than 3 points, crossing edges, outside the frame) as INVALID_POLYGON, which a schema error could not.
const PolygonInput = z
  .array(z.tuple([z.number(), z.number()]))
  .max(64)
  .describe("Normalised [x, y] points (0..1 of the frame); at least 3, edges must not cross");

const Layout = z
  .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
  .describe("Position on the dashboard floor plan, 0..1; null = laid out as tiles");

export const SeatParams = z.object({ site: siteParam, seat: param(seatIdSchema, "seat") });

export const SeatSchema = z
  .object({
    site: z.string(),
    id: z.string(),
    device: z.string(),
    camera: z.string(),
    polygon: z.array(z.tuple([z.number(), z.number()])),
    kind: SeatKind,
    active: z.boolean(),
    layout: Layout.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Seat");

export const SeatWriteSchema = SeatSchema.extend({
  push: PushSchema,
  previousDevicePush: PushSchema.optional().describe("When the seat moved to another device"),
}).openapi("SeatWrite");

export const SeatListSchema = z.object({ seats: z.array(SeatSchema) }).openapi("SeatList");

export const CreateSeatBody = z
  .object({
    id: seatIdSchema,
    device: deviceIdSchema,
    camera: cameraIdSchema,
    polygon: PolygonInput,
    kind: SeatKind.default("desk"),
    active: z.boolean().default(true),
    layout: Layout.nullable().default(null),
  })
  .openapi("CreateSeatRequest");

export const UpdateSeatBody = z
  .object({
    device: deviceIdSchema.optional(),
    camera: cameraIdSchema.optional(),
    polygon: PolygonInput.optional(),
    kind: SeatKind.optional(),
    active: z.boolean().optional(),
    layout: Layout.nullable().optional(),
  })
  .openapi("UpdateSeatRequest");

export const SeatListQuery = z.object({
  device: deviceIdSchema.optional(),
  camera: cameraIdSchema.optional(),
  active: z.enum(["true", "false"]).optional(),
});

/**
 * A seat on the map: its current state exactly as a `seat:snapshot` entry carries it (shared-protocol's
 * seatCurrentStateSchema), plus where the seat is.
 */
export const SeatMapSeatSchema = annotate(seatCurrentStateSchema, "SeatCurrentState")
  .extend({
    kind: SeatKind,
    device: z.string(),
    camera: z.string(),
    polygon: z.array(z.tuple([z.number(), z.number()])),
    layout: Layout.nullable(),
  })
  .openapi("SeatMapSeat");

export const SeatMapSchema = z
  .object({
    site: z.string(),
    at: epochMsSchema.describe("When the hub read the map"),
    summary: z.object({
      total: z.number().int(),
      empty: z.number().int(),
      occupied: z.number().int(),
      held: z.number().int(),
      unknown: z.number().int(),
    }),
    seats: z.array(SeatMapSeatSchema),
  })
  .openapi("SeatMap");

export const HistoryQuery = z.object({
  from: isoQuery.optional().describe("Default: 24 h before `to`"),
  to: isoQuery.optional().describe("Default: now"),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const SeatHistorySchema = z
  .object({
    site: z.string(),
    seat: z.string(),
    from: epochMsSchema.describe("Start of the range (inclusive)"),
    to: epochMsSchema.describe("End of the range (exclusive)"),
    truncated: z.boolean().describe("True when more events exist in the range than `limit`"),
    events: z.array(annotate(seatHistoryEventSchema, "SeatHistoryEvent")),
  })
  .openapi("SeatHistory");

export function seatView(s: typeof seats.$inferSelect): z.infer<typeof SeatSchema> {
  return {
    site: s.siteId,
    id: s.id,
    device: s.deviceId,
    camera: s.cameraId,
    polygon: s.polygon,
    kind: s.kind,
    active: s.active,
    layout: s.layoutX === null || s.layoutY === null ? null : { x: s.layoutX, y: s.layoutY },
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}
