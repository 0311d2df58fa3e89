import { z } from "zod";
import { confidenceSchema, durationMsSchema, epochMsSchema, eventEnvelopeShape } from "../envelope.js";
import { seatIdSchema } from "../ids.js";

export const seatStateSchema = z.enum(["empty", "occupied", "held", "unknown"]);
export type SeatState = z.infer<typeof seatStateSchema>;

const objectClassSchema = z.string().min(1).max(32);

/** Emitted only when a seat's state changes; a seat occupied for an hour costs one message. */
export const seatChangeSchema = z
  .object({
    ...eventEnvelopeShape,
    seat: seatIdSchema,
    from: seatStateSchema,
    to: seatStateSchema,
    at: epochMsSchema.describe("When the new state began (after debounce, back-dated to first evidence)"),
    capturedAt: epochMsSchema
      .optional()
      .describe(
        "When the camera frame whose analysis decided this change was captured (device clock). The hub and " +
          "dashboards subtract it from their receive time to measure end-to-end latency. Absent when no frame " +
          "decided the change (the camera went down and the seat turned unknown)",
      ),
    vacancyMs: durationMsSchema
      .optional()
      .describe("How long the seat had been empty, when it stops being so"),
    stayMs: durationMsSchema
      .optional()
      .describe("How long the occupant stayed, when the seat stops being occupied"),
    confidence: confidenceSchema,
    evidence: z.object({
      persons: z.number().int().nonnegative().max(100),
      objects: z.array(objectClassSchema).max(32).describe("Object classes seen in the seat"),
      baselineDiff: z.number().min(0).max(1).optional().describe("Difference from the empty-seat baseline"),
    }),
  })
  .refine((e) => e.from !== e.to, { message: "from and to must differ", path: ["to"] });
export type SeatChange = z.infer<typeof seatChangeSchema>;

/**
 * A retained checkpoint of every seat of a camera (at start, reconnect, recovery, seat-set changes and
 * every few minutes): a late subscriber starts from it and applies the seat changes with a higher seq.
 */
export const seatSnapshotSchema = z.object({
  ...eventEnvelopeShape,
  seats: z
    .array(
      z.object({
        seat: seatIdSchema,
        state: seatStateSchema,
        since: epochMsSchema,
        confidence: confidenceSchema,
      }),
    )
    .max(256),
});
export type SeatSnapshot = z.infer<typeof seatSnapshotSchema>;
