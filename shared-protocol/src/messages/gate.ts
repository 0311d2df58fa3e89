import { z } from "zod";
import { boxSchema, confidenceSchema, epochMsSchema, eventEnvelopeShape } from "../envelope.js";
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
});
export type GateEntry = z.infer<typeof gateEntrySchema>;
