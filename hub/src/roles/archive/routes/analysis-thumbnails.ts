import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../../errors/api-error.js";
import { writeFileAtomic } from "../../../files/atomic-file.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, json } from "../../../http/schemas/common.js";
import { readJpegSize } from "../../../ingest/jpeg-header.js";
import type { JobQueue } from "../jobs/job-queue.js";
import { JobParams, SiteJobParams } from "./analysis-job-schemas.js";
import { type DeviceWorkerAuth, deviceJob } from "./device-worker-auth.js";

// Incident thumbnails of an analysis result: the device's worker stores them while it holds the job,
// dashboards fetch them by the names the result's incidents carry. Bounded: a worker is a device
// with credentials, not a trusted party.
const MAX_BYTES = 1024 * 1024;
const MAX_PER_JOB = 100;
const MAX_PIXELS = 4096 * 4096;
const THUMBNAILS_DIR = "analysis-thumbnails";

const Name = z
  .string()
  .regex(/^[a-z0-9-]{1,64}\.jpg$/)
  .openapi({ param: { name: "name", in: "path" }, example: "001-crowding.jpg" });

const put = createRoute({
  method: "put",
  path: "/api/v1/analysis-jobs/{id}/thumbnails/{name}",
  tags: ["archive"],
  summary: "Store one incident thumbnail of a job this device's worker holds (JPEG, ≤ 1 MiB, ≤ 100 per job)",
  // The body is the JPEG itself (Content-Type: image/jpeg), read raw by the handler: declaring it here
  // would have the validator read it as text first.
  description: "The request body is the JPEG (`Content-Type: image/jpeg`).",
  security: [{ deviceBasic: [] }],
  request: {
    params: JobParams.extend({ name: Name }),
  },
  responses: {
    200: json(z.object({ name: z.string(), bytes: z.number() }), "Stored"),
    ...errors(400, 401, 403, 404, 409, 413),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/analysis-jobs/{id}/thumbnails/{name}",
  tags: ["archive"],
  summary: "One incident thumbnail of an analysis result",
  security: bearer,
  request: { params: SiteJobParams.extend({ name: Name }) },
  responses: {
    200: {
      description: "The JPEG",
      content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errors(400, 401, 403, 404),
  },
});

export function analysisThumbnailRoutes(queue: JobQueue, devices: DeviceWorkerAuth): RouteRegistrar {
  return (app: App, { database, config }: HttpDeps) => {
    const dirOf = (id: string) => join(config.dataDir, THUMBNAILS_DIR, id.toLowerCase());

    app.openapi(put, async (c) => {
      const { id, name } = c.req.valid("param");
      const job = await deviceJob(queue, await devices.verify(c), id);
      if (job.status !== "processing")
        throw new ApiError("LEASE_LOST", `analysis job ${id} is ${job.status}, not being worked on`);
      // The app's body limit (create-http-app.ts) already bounds what is read here.
      const jpeg = new Uint8Array(await c.req.arrayBuffer());
      if (jpeg.length > MAX_BYTES)
        throw new ApiError("PAYLOAD_TOO_LARGE", `a thumbnail is at most ${MAX_BYTES} bytes`);
      const size = readJpegSize(jpeg);
      if ("problem" in size) throw new ApiError("VALIDATION_FAILED", `not a JPEG: ${size.problem}`);
      if (size.width * size.height > MAX_PIXELS)
        throw new ApiError("VALIDATION_FAILED", "thumbnail too large");
      const dir = dirOf(id);
      await mkdir(dir, { recursive: true });
      const present = await readdir(dir);
      if (!present.includes(name) && present.filter((f) => f.endsWith(".jpg")).length >= MAX_PER_JOB)
        throw new ApiError("RATE_LIMITED", `a job keeps at most ${MAX_PER_JOB} thumbnails`);
      await writeFileAtomic(join(dir, name), jpeg);
      return c.json({ name, bytes: jpeg.length }, 200);
    });

    app.openapi(get, async (c) => {
      const { site, id, name } = c.req.valid("param");
      await requireSiteRow(c, database.db, site);
      const job = await queue.get(id);
      if (!job || job.site !== site) throw notFound(`analysis job ${id}`);
      const jpeg = await readFile(join(dirOf(id), name)).catch(() => null);
      if (!jpeg) throw notFound(`thumbnail ${name} of analysis job ${id}`);
      return c.body(jpeg, 200, { "content-type": "image/jpeg", "cache-control": "private, max-age=86400" });
    });
  };
}
