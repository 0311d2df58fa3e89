import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { analysisJobs } from "../../../db/schema/index.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { decodeCursor, encodeCursor } from "../../../http/cursor.js";
import { requireAdmin, requireSite, requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, json, SiteParams } from "../../../http/schemas/common.js";
import { executeRows } from "../../../ingest/sinks/records.js";
import type { AdminOutcome, JobQueue } from "../jobs/job-queue.js";
import { jobOf, type RawJobRow } from "../jobs/job-rows.js";
import { JobPageSchema, JobParams, JobQuery, JobReply, SiteJobParams } from "./analysis-job-schemas.js";

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/analysis-jobs",
  tags: ["archive"],
  summary: "A site's analysis jobs, newest first, with filters and cursor pagination",
  security: bearer,
  request: { params: SiteParams, query: JobQuery },
  responses: { 200: json(JobPageSchema, "One page of jobs"), ...errors(400, 401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/analysis-jobs/{id}",
  tags: ["archive"],
  summary: "One analysis job with its result",
  security: bearer,
  request: { params: SiteJobParams },
  responses: { 200: json(JobReply, "The job"), ...errors(400, 401, 403, 404) },
});

const adminAction = (action: "cancel" | "retry", summary: string) =>
  createRoute({
    method: "post",
    path: `/api/v1/analysis-jobs/{id}/${action}`,
    tags: ["archive"],
    summary,
    security: bearer,
    request: { params: JobParams },
    responses: { 200: json(JobReply, "The job after the change"), ...errors(400, 401, 403, 404, 409) },
  });

const cancel = adminAction(
  "cancel",
  "Cancel a pending or processing job (admins); its worker is refused from then on",
);
const retry = adminAction("retry", "Queue a failed or cancelled job again with its attempts reset (admins)");

function adminReply(out: AdminOutcome, id: string, wanted: string) {
  if (out.ok) return { job: out.job };
  if (out.reason === "NOT_FOUND") throw notFound(`analysis job ${id}`);
  throw new ApiError("CONFLICT", `analysis job ${id} is not ${wanted}`);
}

/** Dashboards' view of the queue: site-scoped reads, admin-only cancel and retry. */
export function analysisJobRoutes(queue: JobQueue): RouteRegistrar {
  return (app: App, { database }: HttpDeps) => {
    const { db } = database;

    app.openapi(list, async (c) => {
      const { site } = c.req.valid("param");
      const q = c.req.valid("query");
      await requireSiteRow(c, db, site);
      const filters: SQL[] = [eq(analysisJobs.siteId, site)];
      if (q.status) filters.push(eq(analysisJobs.status, q.status));
      if (q.device) filters.push(eq(analysisJobs.deviceId, q.device));
      if (q.camera) filters.push(eq(analysisJobs.cameraId, q.camera));
      if (q.provider) filters.push(eq(analysisJobs.provider, q.provider));
      if (q.from) filters.push(gte(analysisJobs.segmentStartedAt, new Date(q.from)));
      if (q.to) filters.push(lt(analysisJobs.segmentStartedAt, new Date(q.to)));
      if (q.cursor) {
        const cur = decodeCursor(q.cursor);
        const { createdAt, id } = analysisJobs;
        const older = or(lt(createdAt, cur.at), and(eq(createdAt, cur.at), lt(id, cur.id)));
        if (older) filters.push(older);
      }
      const rows = await executeRows<RawJobRow>(
        db,
        sql`select * from ${analysisJobs} where ${and(...filters)}
            order by ${desc(analysisJobs.createdAt)}, ${desc(analysisJobs.id)} limit ${q.limit + 1}`,
      );
      const jobs = rows.slice(0, q.limit).map(jobOf);
      const last = jobs[jobs.length - 1];
      const more = rows.length > q.limit && last;
      const nextCursor = more ? encodeCursor({ at: new Date(last.createdAt), id: last.id }) : null;
      return c.json({ jobs, nextCursor }, 200);
    });

    app.openapi(get, async (c) => {
      const { site, id } = c.req.valid("param");
      requireSite(c, site);
      const job = await queue.get(id);
      if (!job || job.site !== site) throw notFound(`analysis job ${id}`);
      return c.json({ job }, 200);
    });

    app.openapi(cancel, async (c) => {
      requireAdmin(c);
      const { id } = c.req.valid("param");
      return c.json(adminReply(await queue.cancel(id), id, "pending or processing"), 200);
    });

    app.openapi(retry, async (c) => {
      requireAdmin(c);
      const { id } = c.req.valid("param");
      return c.json(adminReply(await queue.retry(id), id, "failed or cancelled"), 200);
    });
  };
}
