import { z } from "zod";
import { boxSchema, confidenceSchema, epochMsSchema, eventEnvelopeShape } from "../envelope.js";
import { eventIdSchema } from "../ids.js";
import { CATEGORY_IDENTIFIERS, iso6346CheckDigit } from "../iso6346.js";

export const containerNumberSchema = z
  .object({
    ownerCode: z.string().regex(/^[A-Z]{3}$/, "3 capital letters"),
    category: z.enum(CATEGORY_IDENTIFIERS),
    serial: z.string().regex(/^[0-9]{6}$/, "6 digits"),
    checkDigit: z.number().int().min(0).max(9),
    checkDigitValid: z.boolean(),
  })
  // The flag is derived data: a device that sends a flag contradicting the digits has a bug.
  .refine(
    (c) => c.checkDigitValid === (iso6346CheckDigit(c.ownerCode + c.category + c.serial) === c.checkDigit),
    { message: "checkDigitValid contradicts the ISO 6346 check digit", path: ["checkDigitValid"] },
  );

/** One vehicle or container passing the gate, read from its best frame. */
export const gateEntrySchema = z.object({
  ...eventEnvelopeShape,
  at: epochMsSchema.describe("Time of the best frame"),
  container: containerNumberSchema.optional(),
  rawText: z.string().max(64).describe("What OCR read, before parsing"),
  plate: z.object({ text: z.string().max(16), confidence: z.number().min(0).max(1) }).optional(),
  vehicleClass: z.string().max(32).optional(),
  direction: z.enum(["in", "out", "unknown"]).default("unknown"),
  confidence: confidenceSchema,
  snapshotRef: z.string().max(256).optional().describe("Device-local reference of the cropped snapshot"),
  box: boxSchema.optional().describe("Where the number was found in the frame"),
  trackId: z.number().int().nonnegative().optional(),
  passage: z
    .uuid()
    .optional()
    .describe(
      "Entries of one passage share it: several containers on one truck, several cameras of one group",
    ),
});
export type GateEntry = z.infer<typeof gateEntrySchema>;

/** Largest crop JPEG a device may send, in bytes (base64 makes the text a third longer). */
export const GATE_CROP_MAX_JPEG_BYTES = 400_000;
/** Largest gateCrop payload: the base64 JPEG plus a generous allowance for the envelope. */
export const GATE_CROP_MAX_BYTES = Math.ceil(GATE_CROP_MAX_JPEG_BYTES / 3) * 4 + 4096;

/**
 * The picture behind one gate entry (faces already blurred), sent right after the entry. The hub
 * stores it as a file and serves it over REST; dashboards hear of it as `gate:crop`, without the bytes.
 */
export const gateCropSchema = z.object({
  ...eventEnvelopeShape,
  entry: eventIdSchema.describe("Id of the gateEntry this crop belongs to"),
  jpeg: z
    .base64()
    .min(1)
    .max(Math.ceil(GATE_CROP_MAX_JPEG_BYTES / 3) * 4)
    .describe("The JPEG, base64"),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
});
export type GateCrop = z.infer<typeof gateCropSchema>;

/**
 * What dashboards get (`gate:crop`) once the hub has stored an entry's crop: enough to show that a
 * thumbnail exists and to size it; the picture is `GET /api/v1/sites/{site}/gate-logs/{entry}/crop`.
 */
export const gateCropStoredSchema = z.object({
  entry: eventIdSchema.describe("Id of the gate entry"),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  at: epochMsSchema.describe("When the device produced the crop"),
});
export type GateCropStored = z.infer<typeof gateCropStoredSchema>;

export const gateActivityEvents = [
  "detected",
  "capture-attempt",
  "ocr-result",
  "processing-started",
  "processing-stopped",
  "error",
] as const;

/** What the gate pipeline is doing now, for the live event feed; not stored, superseded by the next. */
export const gateActivitySchema = z.object({
  ...eventEnvelopeShape,
  event: z.enum(gateActivityEvents),
  trackId: z.number().int().nonnegative().optional().describe("The tracked vehicle it concerns"),
  text: z.string().max(64).optional().describe("What OCR read (ocr-result)"),
  valid: z.boolean().optional().describe("Whether the read code's check digit is valid (ocr-result)"),
  message: z.string().max(200).optional().describe("Human-readable detail, e.g. the error"),
});
export type GateActivity = z.infer<typeof gateActivitySchema>;
