import { z } from "@hono/zod-openapi";
import type { snapshots } from "../../db/schema/index.js";
import { iso, timestamp } from "./common.js";

export const SnapshotSchema = z
  .object({
    id: z.string().describe("The snapshot's id (the device's event id)"),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int().describe("Size of the JPEG"),
    capturedAt: timestamp.describe("When the device took the picture"),
    facesBlurred: z.boolean().describe("True when the device blurred faces before sending it"),
  })
  .openapi("Snapshot");

export const SnapshotRequestQuery = z.object({
  maxWidth: z.coerce
    .number()
    .int()
    .min(160)
    .max(3840)
    .optional()
    .describe("Downscale to at most this width; default the device's (1280)"),
});

/** Headers of the JPEG answer, so a client learns which picture it got without a second request. */
export const SnapshotImageHeaders = z.object({
  "x-snapshot-id": z.string().describe("The snapshot's id"),
  "x-captured-at": timestamp.describe("When the device took the picture"),
  "x-faces-blurred": z.enum(["true", "false"]),
});

export function snapshotView(s: typeof snapshots.$inferSelect): z.infer<typeof SnapshotSchema> {
  return {
    id: s.id,
    width: s.width,
    height: s.height,
    bytes: s.bytes,
    capturedAt: iso(s.at),
    facesBlurred: s.facesBlurred,
  };
}
