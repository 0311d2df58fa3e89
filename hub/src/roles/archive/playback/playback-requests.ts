import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { segments } from "../../../db/schema/index.js";
import { notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import {
  bearer,
  ErrorBody,
  errors,
  json,
  SiteParams,
  timestamp,
  uuidParam,
} from "../../../http/schemas/common.js";
import type { PlaybackTickets } from "./playback-tickets.js";
import type { SegmentFetcher } from "./segment-fetcher.js";

export const PlaybackSchema = z
  .object({
    url: z
      .string()
      .openapi({ example: "/api/v1/playback/Jq3v0bq1N0o4tA0Xr1u0kq7x2m4y8Zc9d5e6f7g8h9i.mp4" })
      .describe("The file for a `<video src>`: no Authorization needed, the ticket in it is the capability"),
    expiresAt: timestamp.describe("The URL stops working at this time (10 minutes after issue)"),
    bytes: z.number().int(),
    startedAt: timestamp.describe("Wall-clock time of the segment's first frame"),
    durationMs: z.number().int(),
  })
  .openapi("Playback");

const request = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/segments/{id}/playback",
  tags: ["archive"],
  summary: "Fetch one archived segment from its device and answer a short-lived URL to play it",
  description:
    "`id` is a row id from GET …/cameras/{camera}/segments. The hub asks the device to upload the file " +
    "(command segmentUpload) and answers once it has arrived, or at once when it is still in the hub's " +
    "playback cache. DEVICE_OFFLINE (503) when the device is not connected, COMMAND_TIMEOUT (504) when it " +
    "did not answer or the file did not arrive within 120 s, COMMAND_FAILED (502) with the device's " +
    "message (e.g. the file was deleted by retention), PAYLOAD_TOO_LARGE (413) above PLAYBACK_MAX_SEGMENT_MIB.",
  security: bearer,
  request: { params: SiteParams.extend({ id: uuidParam("id") }) },
  responses: {
    200: json(PlaybackSchema, "The file is on the hub; play it from `url`"),
    ...errors(400, 401, 403, 404, 502, 503, 504),
    413: json(ErrorBody, "The segment is larger than this hub accepts (PAYLOAD_TOO_LARGE)"),
  },
});

/** Where a viewer asks to play an archived segment. */
export function playbackRequestRoutes(fetcher: SegmentFetcher, tickets: PlaybackTickets): RouteRegistrar {
  return (app: App, { database }: HttpDeps) => {
    const { db } = database;
    app.openapi(request, async (c) => {
      const { site, id } = c.req.valid("param");
      const { principal } = await requireSiteRow(c, db, site);
      const [row] = await db
        .select()
        .from(segments)
        .where(and(eq(segments.siteId, site), eq(segments.id, id)));
      if (!row) throw notFound(`segment ${id}`);
      const ref = { id: row.id, site, device: row.deviceId, camera: row.cameraId, segment: row.segment };
      const cached = await fetcher.fetch(ref, principal);
      const { ticket, expiresAt } = tickets.issue(row.id);
      return c.json(
        {
          url: `/api/v1/playback/${ticket}.mp4`,
          expiresAt: expiresAt.toISOString(),
          bytes: cached.bytes,
          startedAt: row.startedAt.toISOString(),
          durationMs: row.durationMs,
        },
        200,
      );
    });
  };
}
