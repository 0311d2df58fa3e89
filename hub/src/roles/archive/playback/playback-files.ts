import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../../errors/api-error.js";
import type { App, RouteRegistrar } from "../../../http/app-types.js";
import { errors, noAuth } from "../../../http/schemas/common.js";
import { parseByteRange, rangeHeaders } from "./byte-range.js";
import type { PlaybackCache } from "./playback-cache.js";
import type { PlaybackMetrics } from "./playback-metrics.js";
import type { PlaybackTickets } from "./playback-tickets.js";

const File = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}\.mp4$/, "must be a playback ticket followed by .mp4")
  .openapi({
    param: { name: "file", in: "path" },
    example: "Jq3v0bq1N0o4tA0Xr1u0kq7x2m4y8Zc9d5e6f7g8h9i.mp4",
  });

const video = { "video/mp4": { schema: z.string().openapi({ format: "binary" }) } };

const get = createRoute({
  method: "get",
  path: "/api/v1/playback/{file}",
  tags: ["archive"],
  summary: "An archived segment's MP4 file, by the ticket a playback request answered (no Authorization)",
  description:
    "The ticket is the capability (a `<video src>` cannot send a header) and works for 10 minutes. " +
    "Supports one `Range: bytes=…` (206 with Content-Range; 416 with `Content-Range: bytes */size` " +
    "and no body when it lies outside the file). NOT_FOUND for an unknown or expired ticket, or when " +
    "the file has since left the playback cache (ask for playback again).",
  security: noAuth,
  request: { params: z.object({ file: File }) },
  responses: {
    200: { description: "The whole file", content: video },
    206: { description: "The requested range", content: video },
    416: { description: "The range lies outside the file" },
    ...errors(400, 404),
  },
});

/** The public side of playback: the ticket URL a viewer's `<video>` plays. */
export function playbackFileRoutes(
  tickets: PlaybackTickets,
  cache: PlaybackCache,
  metrics: PlaybackMetrics,
): RouteRegistrar {
  return (app: App) => {
    app.openapi(get, async (c) => {
      const { file } = c.req.valid("param");
      const segmentId = tickets.resolve(file.slice(0, -".mp4".length));
      if (!segmentId) throw notFound("playback ticket (unknown or expired)");
      const opened = await cache.open(segmentId);
      if (!opened) throw notFound("the segment is no longer in the playback cache; ask for playback again");
      const { handle, bytes } = opened;
      const range = parseByteRange(c.req.header("range"), bytes);
      const headers = {
        "content-type": "video/mp4",
        "accept-ranges": "bytes",
        "cache-control": "private, max-age=600",
        ...rangeHeaders(range, bytes),
      };
      if (range.kind === "unsatisfiable") {
        await handle.close();
        return c.body(null, 416, headers);
      }
      const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, bytes - 1];
      metrics.servedBytes.inc(end - start + 1);
      // The handle closes with its stream (autoClose), also when the player hangs up mid-file.
      const stream = handle.createReadStream({ start, end });
      const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
      return c.body(body, range.kind === "partial" ? 206 : 200, headers);
    });
  };
}
