import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { cameras, devices } from "../../../db/schema/index.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { CameraParams } from "../../../http/schemas/cameras.js";
import { bearer, ErrorBody, errors, json } from "../../../http/schemas/common.js";
import { renderPlaylist } from "./hls-playlist.js";
import type { HlsViewers } from "./hls-viewers.js";
import type { LiveHlsMetrics } from "./live-hls-metrics.js";
import type { LiveHlsStore } from "./live-hls-store.js";

const playlist = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/live/index.m3u8",
  tags: ["archive"],
  summary: "The camera's live HLS playlist; every request keeps the live stream going",
  description:
    "The first request starts a live HLS session on the device; it runs while requests keep coming and " +
    "stops a few seconds after the last one. Until the first segment exists the request waits (up to " +
    "10 s), then answers DEVICE_OFFLINE (503) when the device is not connected, COMMAND_FAILED (502) when " +
    "it refused to stream, or COMMAND_TIMEOUT (504) when no video came. Segment URIs are relative " +
    "(`segments/{seq}.ts`) and need the same Authorization.",
  security: bearer,
  request: { params: CameraParams },
  responses: {
    200: {
      description: "An HLS media playlist (version 3) of the last 6 segments",
      content: { "application/vnd.apple.mpegurl": { schema: z.string() } },
    },
    ...errors(401, 403, 404, 502, 503, 504),
    429: json(ErrorBody, "Too many cameras are watched live at once (RATE_LIMITED)"),
  },
});

export interface LivePlaylistDeps {
  viewers: HlsViewers;
  store: LiveHlsStore;
  metrics: LiveHlsMetrics;
  /** How long a request waits for a session's first segment; default 10 s. */
  firstSegmentWaitMs?: number;
}

async function isOnline(db: Db, site: string, device: string): Promise<boolean> {
  const [row] = await db
    .select({ online: devices.online })
    .from(devices)
    .where(and(eq(devices.siteId, site), eq(devices.id, device)));
  return row?.online ?? false;
}

/** The viewer's side of live HLS: the playlist, which is also the viewer's heartbeat. */
export function livePlaylistRoutes(deps: LivePlaylistDeps): RouteRegistrar {
  const { viewers, store, metrics } = deps;
  const waitMs = deps.firstSegmentWaitMs ?? 10_000;
  return (app: App, { database }: HttpDeps) => {
    const { db } = database;
    app.openapi(playlist, async (c) => {
      const p = c.req.valid("param");
      await requireSiteRow(c, db, p.site);
      const [camera] = await db
        .select({ id: cameras.id })
        .from(cameras)
        .where(and(eq(cameras.siteId, p.site), eq(cameras.deviceId, p.device), eq(cameras.id, p.camera)));
      if (!camera) throw notFound(`camera ${p.device}/${p.camera}`);
      const { session, release } = viewers.watch(p);
      try {
        const state = await store.waitForSegment(session, waitMs, c.req.raw.signal);
        const window = state === "ready" ? store.window(session) : undefined;
        if (window && window.segments.length > 0) {
          return c.body(renderPlaylist(window), 200, {
            "content-type": "application/vnd.apple.mpegurl",
            "cache-control": "no-store",
          });
        }
        if (state instanceof ApiError) {
          metrics.noVideo.inc({ answer: state.code === "DEVICE_OFFLINE" ? "offline" : "failed" });
          throw state;
        }
        if (!(await isOnline(db, p.site, p.device))) {
          metrics.noVideo.inc({ answer: "offline" });
          throw new ApiError("DEVICE_OFFLINE", `device ${p.device} is offline, so it cannot stream live`);
        }
        metrics.noVideo.inc({ answer: "timeout" });
        throw new ApiError(
          "COMMAND_TIMEOUT",
          `device ${p.device} sent no live video of camera ${p.camera} within ${Math.round(waitMs / 1000)} s`,
        );
      } finally {
        release();
      }
    });
  };
}
