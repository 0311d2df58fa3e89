import { rm } from "node:fs/promises";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, RouteRegistrar } from "../../../http/app-types.js";
import { ErrorBody, errors, json } from "../../../http/schemas/common.js";
import type { DeviceWorkerAuth } from "../routes/device-worker-auth.js";
import type { PlaybackCache } from "./playback-cache.js";
import type { PlaybackMetrics, UploadRefusal } from "./playback-metrics.js";
import { requireContentType, writeLimited } from "./request-body.js";
import type { UploadSlots } from "./upload-slots.js";

const Upload = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/)
  .openapi({ param: { name: "upload", in: "path" }, example: "q1Xk2c9Vb0Zr7Ty3Uw5Pn8Lm4Hs6Jd1E" });

const put = createRoute({
  method: "put",
  path: "/api/v1/segment-uploads/{upload}",
  tags: ["archive"],
  summary: "A device uploads the archived segment a segmentUpload command asked for (streamed MP4)",
  // The body is the MP4 file itself, streamed to disk by the handler: declaring it would have the
  // validator read it first.
  description:
    "The request body is the whole closed segment (`Content-Type: video/mp4`). NOT_FOUND when the upload " +
    "id is unknown, already used or no longer awaited; FORBIDDEN when it was asked of another device; " +
    "PAYLOAD_TOO_LARGE above PLAYBACK_MAX_SEGMENT_MIB.",
  security: [{ deviceBasic: [] }],
  request: { params: z.object({ upload: Upload }) },
  responses: {
    204: { description: "Stored" },
    ...errors(400, 401, 403, 404),
    413: json(ErrorBody, "Larger than this hub accepts (PAYLOAD_TOO_LARGE)"),
  },
});

const MiB = 1024 * 1024;

function refusalOf(err: unknown): UploadRefusal {
  if (!(err instanceof ApiError)) return "bad_request";
  if (err.code === "NOT_FOUND") return "unknown_upload";
  if (err.code === "FORBIDDEN") return "foreign_device";
  if (err.code === "PAYLOAD_TOO_LARGE") return "too_large";
  return "bad_request";
}

export interface SegmentUploadDeps {
  devices: DeviceWorkerAuth;
  slots: UploadSlots;
  cache: PlaybackCache;
  metrics: PlaybackMetrics;
  maxSegmentBytes: number;
}

/** Where devices deliver archived segments a viewer asked to play. */
export function segmentUploadRoutes(deps: SegmentUploadDeps): RouteRegistrar {
  const { devices, slots, cache, metrics, maxSegmentBytes } = deps;
  return (app: App) => {
    app.openapi(put, async (c) => {
      const { upload } = c.req.valid("param");
      const caller = await devices.verify(c);
      let claimed = false;
      try {
        slots.claim(upload, caller);
        claimed = true;
        requireContentType(c, ["video/mp4", "application/octet-stream"], "an archived segment");
        const part = await cache.partPath(upload);
        const bytes = await writeLimited(c, part, maxSegmentBytes, "the archived segment");
        if (!slots.isOpen(upload)) {
          // The viewer's wait ended while the file arrived (timeout or shutdown): nobody takes it.
          await rm(part, { force: true });
          throw notFound(`upload ${upload} (the hub stopped waiting for it)`);
        }
        slots.complete(upload, { path: part, bytes });
        return c.body(null, 204);
      } catch (err) {
        metrics.refusals.inc({ reason: refusalOf(err) });
        // The viewer waiting for this file learns why it will not come, in its own terms.
        if (claimed) slots.fail(upload, forViewer(err, maxSegmentBytes));
        throw err;
      }
    });
  };
}

function forViewer(err: unknown, maxSegmentBytes: number): ApiError {
  if (err instanceof ApiError && err.code === "PAYLOAD_TOO_LARGE") {
    return new ApiError(
      "PAYLOAD_TOO_LARGE",
      `the archived segment is larger than this hub's PLAYBACK_MAX_SEGMENT_MIB (${maxSegmentBytes / MiB})`,
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new ApiError("COMMAND_FAILED", `the device's upload of the segment failed: ${reason}`);
}
