import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { CameraParams } from "../../../http/schemas/cameras.js";
import { bearer, errors } from "../../../http/schemas/common.js";
import { SEGMENT_FILE } from "./hls-playlist.js";
import type { HlsViewers } from "./hls-viewers.js";
import type { LiveHlsStore } from "./live-hls-store.js";

const File = z
  .string()
  .regex(SEGMENT_FILE, "must be <number>.ts")
  .openapi({ param: { name: "file", in: "path" }, example: "42.ts" });

const segment = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/live/segments/{file}",
  tags: ["archive"],
  summary: "One MPEG-TS segment of the camera's live HLS playlist",
  description:
    "As named by the playlist. NOT_FOUND once it has left the playlist's window or the live session ended.",
  security: bearer,
  request: { params: CameraParams.extend({ file: File }) },
  responses: {
    200: {
      description: "The segment",
      content: { "video/mp2t": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errors(400, 401, 403, 404),
  },
});

/** The viewer's side of live HLS: the segments the playlist names. */
export function liveSegmentRoutes(viewers: HlsViewers, store: LiveHlsStore): RouteRegistrar {
  return (app: App, { database }: HttpDeps) => {
    app.openapi(segment, async (c) => {
      const { file, ...camera } = c.req.valid("param");
      await requireSiteRow(c, database.db, camera.site);
      const mediaSeq = Number(SEGMENT_FILE.exec(file)?.[1]);
      const session = viewers.sessionOf(camera);
      const found = session === undefined ? undefined : store.segment(session, mediaSeq);
      if (!found) throw notFound(`live segment ${file} of camera ${camera.device}/${camera.camera}`);
      return c.body(new Uint8Array(found.data), 200, {
        "content-type": "video/mp2t",
        // Numbers restart when the hub does, so a cached copy could be another segment's.
        "cache-control": "no-store",
      });
    });
  };
}
