import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, AppEnv, RouteRegistrar } from "../../../http/app-types.js";
import { bearer, body, errors, json } from "../../../http/schemas/common.js";
import type { JobQueue, WorkerOutcome } from "../jobs/job-queue.js";
import {
  ClaimBody,
  ClaimReply,
  CompleteBody,
  FailBody,
  HeartbeatBody,
  JobParams,
  JobReply,
} from "./analysis-job-schemas.js";
import { type DeviceCaller, type DeviceWorkerAuth, deviceJob } from "./device-worker-auth.js";

// Workers authenticate with a hub API token (bearer) or a device's own MQTT credentials (HTTP Basic).
const workerSecurity = [...bearer, { deviceBasic: [] }];

const claim = createRoute({
  method: "post",
  path: "/api/v1/analysis-jobs/claim",
  tags: ["archive"],
  summary:
    "Claim the next job this worker may run: a device gets its own segments' device jobs, a hub worker hub jobs",
  security: workerSecurity,
  request: { body: body(ClaimBody) },
  responses: { 200: json(ClaimReply, "The claimed job, or null"), ...errors(400, 401, 403) },
});

const leaseRoute = (action: string, summary: string) => ({
  method: "post" as const,
  path: `/api/v1/analysis-jobs/{id}/${action}`,
  tags: ["archive"],
  summary,
  security: workerSecurity,
  responses: { 200: json(JobReply, "The job after the change"), ...errors(400, 401, 403, 404, 409) },
});

const heartbeat = createRoute({
  ...leaseRoute(
    "heartbeat",
    "Extend the lease; 409 (LEASE_LOST) once another worker or an admin took the job",
  ),
  request: { params: JobParams, body: body(HeartbeatBody) },
});
const complete = createRoute({
  ...leaseRoute("complete", "Store the result; 409 (LEASE_LOST) if the lease is no longer this worker's"),
  request: { params: JobParams, body: body(CompleteBody) },
});
const fail = createRoute({
  ...leaseRoute("fail", "Report a failed attempt: retried with backoff while attempts remain, else failed"),
  request: { params: JobParams, body: body(FailBody) },
});

type Worker = { kind: "hub" } | ({ kind: "device" } & DeviceCaller);

function leaseReply(out: WorkerOutcome, id: string) {
  if (out.ok) return { job: out.job };
  if (out.reason === "NOT_FOUND") throw notFound(`analysis job ${id}`);
  throw new ApiError("LEASE_LOST", `analysis job ${id} is no longer held by this worker`);
}

/** Worker endpoints: API tokens of admins (hub workers) or devices, each limited to its own jobs. */
export function analysisWorkRoutes(queue: JobQueue, devices: DeviceWorkerAuth): RouteRegistrar {
  async function workerOf(c: Context<AppEnv>): Promise<Worker> {
    const principal = c.get("principal");
    if (!principal) return { kind: "device", ...(await devices.verify(c)) };
    if (principal.via !== "api-token" || principal.role !== "admin") {
      throw new ApiError(
        "FORBIDDEN",
        "workers authenticate with an admin's API token or a device's credentials",
      );
    }
    return { kind: "hub" };
  }

  /** A device reaches only jobs of its own segments; a hub worker any job it holds the lease of. */
  async function checkOwner(worker: Worker, id: string): Promise<void> {
    if (worker.kind === "device") await deviceJob(queue, worker, id);
  }

  return (app: App) => {
    app.openAPIRegistry.registerComponent("securitySchemes", "deviceBasic", {
      type: "http",
      scheme: "basic",
      description: "A device's MQTT username (`<site>.<device>`) and secret, for its own analysis worker",
    });
    app.openapi(claim, async (c) => {
      const worker = await workerOf(c);
      const b = c.req.valid("json");
      const scope =
        worker.kind === "device"
          ? { place: "device" as const, providers: b.providers, site: worker.site, device: worker.device }
          : { place: "hub" as const, providers: b.providers };
      return c.json({ job: await queue.claim(b.workerId, scope, b.leaseSeconds) }, 200);
    });

    app.openapi(heartbeat, async (c) => {
      const { id } = c.req.valid("param");
      await checkOwner(await workerOf(c), id);
      const b = c.req.valid("json");
      return c.json(leaseReply(await queue.heartbeat(id, b.workerId, b.leaseSeconds), id), 200);
    });

    app.openapi(complete, async (c) => {
      const { id } = c.req.valid("param");
      await checkOwner(await workerOf(c), id);
      const b = c.req.valid("json");
      return c.json(leaseReply(await queue.complete(id, b.workerId, b.result), id), 200);
    });

    app.openapi(fail, async (c) => {
      const { id } = c.req.valid("param");
      await checkOwner(await workerOf(c), id);
      const b = c.req.valid("json");
      return c.json(leaseReply(await queue.fail(id, b.workerId, b.error, b.retryable), id), 200);
    });
  };
}
