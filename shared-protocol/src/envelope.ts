import { z } from "zod";
import { eventIdSchema } from "./ids.js";
import { PROTOCOL_VERSION } from "./version.js";

export const versionSchema = z.literal(PROTOCOL_VERSION).describe("Protocol version");

/**
 * Latest instant any Sitewatch timestamp may name: 9999-12-31T23:59:59.999Z. Beyond it a JavaScript
 * Date prints a six-digit year (`+010000-…`) that PostgreSQL's timestamptz input refuses, and at 8.64e15
 * no Date exists at all; such a value can only come from a broken clock.
 */
export const MAX_EPOCH_MS = 253_402_300_799_999;

/** Epoch milliseconds: compact on the wire and unambiguous across time zones. */
export const epochMsSchema = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_EPOCH_MS)
  .describe("Unix time in milliseconds");

/** Durations in milliseconds, capped at one year so a bogus clock cannot produce absurd statistics. */
export const durationMsSchema = z
  .number()
  .int()
  .nonnegative()
  .max(366 * 24 * 3600 * 1000);

export const confidenceSchema = z.number().min(0).max(1).describe("0..1");

/**
 * Fields every device event carries. `id` makes ingest idempotent (replays after store-and-forward are
 * dropped by id); `seq` increases by one per event per device, so the hub can tell a gap (lost events)
 * from a duplicate; `ts` is when the device produced the event.
 */
export const eventEnvelopeShape = {
  v: versionSchema,
  id: eventIdSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe("Per-device sequence number"),
  ts: epochMsSchema,
};

/** Commands from the hub are idempotent by `id`; the device echoes it in its acknowledgement. */
export const commandEnvelopeShape = {
  v: versionSchema,
  id: eventIdSchema,
  ts: epochMsSchema,
  timeoutMs: z.number().int().positive().max(600_000).optional().describe("Hub gives up waiting after this"),
};

/** Normalised image coordinates: 0..1 of width and height, so polygons survive resolution changes. */
export const pointSchema = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export type Point = z.infer<typeof pointSchema>;

/** A box in source-frame pixels: [x1, y1, x2, y2]. */
export const boxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
