import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { gateCrops } from "../../../db/schema/index.js";
import { notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors } from "../../../http/schemas/common.js";
import { readCropFile } from "../gate-crop-files.js";
import { GateCropHeaders, GateCropParams } from "./gate-log-schemas.js";

const crop = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/gate-logs/{id}/crop",
  tags: ["gate"],
  summary: "The crop (JPEG) of one gate entry",
  description:
    "The picture the device sent with the entry (faces blurred). NOT_FOUND when the hub holds none for " +
    "this entry: the device sent none, or retention removed it. The entry's `cropUrl` links here.",
  security: bearer,
  request: { params: GateCropParams },
  responses: {
    200: {
      description: "The JPEG; its capture time is in the headers",
      headers: GateCropHeaders,
      content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errors(400, 401, 403, 404),
  },
});

export function registerGateCropRoutes(app: App, { database, config }: HttpDeps): void {
  const { db } = database;

  app.openapi(crop, async (c) => {
    const { site, id } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const [row] = await db
      .select()
      .from(gateCrops)
      .where(and(eq(gateCrops.siteId, site), eq(gateCrops.entryId, id.toLowerCase())))
      .limit(1);
    const jpeg = row ? await readCropFile(config.dataDir, row.path) : null;
    if (!row || !jpeg) throw notFound(`crop of gate entry ${id}`);
    return c.body(jpeg, 200, {
      "content-type": "image/jpeg",
      // A crop never changes once stored, so a browser may keep it; private: it is a site's data.
      "cache-control": "private, max-age=86400",
      "x-captured-at": row.at.toISOString(),
    });
  });
}
