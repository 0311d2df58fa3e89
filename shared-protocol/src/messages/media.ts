import { z } from "zod";
import { boxSchema, durationMsSchema, epochMsSchema, eventEnvelopeShape } from "../envelope.js";

/** A closed archive segment (remuxed, not re-encoded); the hub turns each into an analysis job. */
export const segmentReadySchema = z.object({
  ...eventEnvelopeShape,
  segment: z.string().min(1).max(128).describe("Segment id, unique per camera"),
  uri: z
    .string()
    .min(1)
    .max(1024)
    .describe(
      "Where the file is: `device://<camera>/<segment>.mp4` is the sending device's `<dataDir>/archive/<camera>/<segment>.mp4`; video stays there and is analysed there",
    ),
  startedAt: epochMsSchema,
  durationMs: durationMsSchema,
  bytes: z.number().int().nonnegative(),
  container: z.enum(["mp4", "mkv", "ts"]),
  codec: z.string().max(32),
});
export type SegmentReady = z.infer<typeof segmentReadySchema>;

export const detectionSchema = z.object({
  cls: z.string().min(1).max(32),
  score: z.number().min(0).max(1),
  box: boxSchema,
  track: z.number().int().nonnegative().optional(),
  /** Where a tracked object is in a role's capture cycle (gate: tracking → capturing → captured). */
  state: z.enum(["tracking", "capturing", "captured"]).optional(),
});
export type Detection = z.infer<typeof detectionSchema>;

/**
 * One annotated frame for a live view, sent only while someone watches. The JPEG is base64 in JSON so
 * one decoder handles every topic; live frames are rare enough that the 33% overhead is acceptable.
 */
export const liveFrameSchema = z.object({
  ...eventEnvelopeShape,
  session: z.string().min(1).max(64).describe("Live session id from the live-start command"),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  jpeg: z.base64().max(1_000_000),
  detections: z.array(detectionSchema).max(300),
});
export type LiveFrame = z.infer<typeof liveFrameSchema>;
