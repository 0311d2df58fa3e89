import { createRoute, z } from "@hono/zod-openapi";
import { MAX_EPOCH_MS } from "@sitewatch/shared-protocol";
import { ApiError } from "../../../errors/api-error.js";
import type { App, RouteRegistrar } from "../../../http/app-types.js";
import { ErrorBody, errors, json } from "../../../http/schemas/common.js";
import { readLimited, requireContentType } from "../playback/request-body.js";
import type { DeviceWorkerAuth } from "../routes/device-worker-auth.js";
import type { LiveHlsMetrics, LiveHlsRefusal } from "./live-hls-metrics.js";
import type { LiveHlsStore } from "./live-hls-store.js";

const Params = z.object({
  session: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .openapi({ param: { name: "session", in: "path" }, example: "hls-3q2Xc0b9Zr7Ty3Uw" }),
  seq: z.coerce
    .number()
    .int()
    .min(0)
    .max(999_999_999)
    .openapi({ param: { name: "seq", in: "path" }, example: 42 }),
});

const Query = z.object({
  durationMs: z.coerce.number().int().min(100).max(10_000).describe("The segment's media duration"),
  capturedAt: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_EPOCH_MS)
    .describe("Epoch ms when the device read the segment's first packet from the camera"),
  discontinuity: z
    .enum(["0", "1"])
    .optional()
    .describe("1: the video does not continue the previous segment (camera reconnect, new parameters)"),
});

const put = createRoute({
  method: "put",
  path: "/api/v1/live-hls/{session}/{seq}",
  tags: ["archive"],
  summary: "A device uploads one live HLS segment (MPEG-TS) of a session the hub started",
  // The body is the segment itself, read by the handler within its own limit.
  description:
    "The request body is one MPEG-TS segment (`Content-Type: video/mp2t`, at most 4 MiB) starting with a " +
    "keyframe. NOT_FOUND when the hub does not know the session or it ended (stop streaming it); FORBIDDEN " +
    "when it belongs to another device; PAYLOAD_TOO_LARGE above 4 MiB or when the hub's live buffer is " +
    "full; RATE_LIMITED while the session's previous segment is still being uploaded.",
  security: [{ deviceBasic: [] }],
  request: { params: Params, query: Query },
  responses: {
    204: { description: "Stored (or a repeat of the newest segment)" },
    ...errors(400, 401, 403, 404),
    413: json(ErrorBody, "Too large (PAYLOAD_TOO_LARGE)"),
    429: json(ErrorBody, "The session's previous upload is still running (RATE_LIMITED)"),
  },
});

function refusalOf(err: unknown, reading: boolean): LiveHlsRefusal {
  const code = err instanceof ApiError ? err.code : undefined;
  if (code === "NOT_FOUND") return "unknown_session";
  if (code === "FORBIDDEN") return "foreign_device";
  if (code === "RATE_LIMITED") return "busy";
  if (code === "PAYLOAD_TOO_LARGE") return reading ? "too_large" : "buffer_full";
  return "bad_request";
}

/** Where devices deliver the segments of a live HLS session. */
export function liveHlsUploadRoutes(
  store: LiveHlsStore,
  devices: DeviceWorkerAuth,
  metrics: LiveHlsMetrics,
): RouteRegistrar {
  return (app: App) => {
    app.openapi(put, async (c) => {
      const { session, seq } = c.req.valid("param");
      const { durationMs, capturedAt, discontinuity } = c.req.valid("query");
      const caller = await devices.verify(c);
      let release: (() => void) | undefined;
      let reading = false;
      try {
        release = store.admit(session, caller);
        requireContentType(c, ["video/mp2t", "application/octet-stream"], "a live segment");
        reading = true;
        const data = await readLimited(c, store.limits.maxSegmentBytes, "a live segment");
        reading = false;
        const upload = { seq, durationMs, capturedAt, discontinuity: discontinuity === "1", data };
        const outcome = store.put(session, upload);
        metrics.segments.inc({ outcome });
        if (outcome === "stored") metrics.bytes.inc(data.length);
        return c.body(null, 204);
      } catch (err) {
        metrics.refusals.inc({ reason: refusalOf(err, reading) });
        throw err;
      } finally {
        release?.();
      }
    });
  };
}
