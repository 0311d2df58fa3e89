import { type AnalysisJob, uuidv7 } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../auth/users.js";
import type { Database } from "../../../db/client.js";
import { segments } from "../../../db/schema/index.js";
import type { TestHub } from "../../../http/http.test-support.js";
import {
  type EnrolledDevice,
  enrolTestDevice,
  type RecordingBroadcaster,
} from "../../../ingest/ingest.test-support.js";
import type { Metrics } from "../../../observability/metrics.js";
import type { ArchiveServices } from "../archive-services.js";
import { newJob, result } from "../jobs/queue.test-support.js";
import { type ArchiveApi, startArchiveApi } from "./archive-api.test-support.js";

let api: ArchiveApi;
let database: Database;
let hub: TestHub;
let services: ArchiveServices;
let events: RecordingBroadcaster;
let metrics: Metrics;
let apiToken: string;
let managerToken: string;
let d1: EnrolledDevice;
let other: EnrolledDevice;

const basic = (d: EnrolledDevice, password = d.password) => ({
  authorization: `Basic ${Buffer.from(`${d.username}:${password}`).toString("base64")}`,
});

beforeAll(async () => {
  api = await startArchiveApi();
  ({ database, hub, services, events, metrics } = api);
  d1 = await enrolTestDevice(database.db, "s1", "d1");
  other = await enrolTestDevice(database.db, "s2", "d9");
  const created = await hub.call("POST", "/api/v1/tokens", {
    token: hub.adminToken,
    json: { name: "worker" },
  });
  apiToken = created.body.token;
  await createUser(database.db, {
    email: "m@example.com",
    password: "manager-password-1",
    role: "site_manager",
    sites: ["s1"],
  });
  managerToken = await hub.login("m@example.com", "manager-password-1");
});

afterAll(() => api?.close());

const claimBody = { workerId: "dev-worker", providers: ["builtin"], leaseSeconds: 30 };

describe("analysis-job REST", () => {
  it("lets a device claim only device jobs of its own site and device", async () => {
    const [mine] = await services.queue.register([
      newJob({ place: "device", site: "s1", device: "d1" }),
      newJob({ place: "device", site: "s2", device: "d9" }),
      newJob({ place: "hub", site: "s1", device: "d1" }),
    ]);
    const claimed = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
      headers: basic(d1),
      json: claimBody,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body.job).toMatchObject({ id: mine?.id, status: "processing", workerId: "dev-worker" });
    const none = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
      headers: basic(d1),
      json: claimBody,
    });
    expect(none.body).toEqual({ job: null });
    // The other site's device may not touch d1's job, even with its own valid credentials.
    const foreign = await hub.call("POST", `/api/v1/analysis-jobs/${mine?.id}/heartbeat`, {
      headers: basic(other),
      json: { workerId: "dev-worker" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: "FORBIDDEN", requestId: expect.any(String) });
    const beat = await hub.call("POST", `/api/v1/analysis-jobs/${mine?.id}/heartbeat`, {
      headers: basic(d1),
      json: { workerId: "dev-worker" },
    });
    expect(beat.status).toBe(200);
    const done = await hub.call("POST", `/api/v1/analysis-jobs/${mine?.id}/complete`, {
      headers: basic(d1),
      json: { workerId: "dev-worker", result: result() },
    });
    expect(done.body.job).toMatchObject({ status: "completed", safetyScore: 87.5, incidentCount: 1 });
    const late = await hub.call("POST", `/api/v1/analysis-jobs/${mine?.id}/fail`, {
      headers: basic(d1),
      json: { workerId: "dev-worker", error: "too late" },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("LEASE_LOST");
    expect(events.events.filter((e) => e.name === "analysisJob").length).toBeGreaterThanOrEqual(3);
  });

  it("counts jobs by status and claims on the hub's metrics registry", async () => {
    const text = await metrics.registry.metrics();
    expect(text).toContain('sitewatch_analysis_jobs{status="completed"} 1');
    expect(text).toContain('sitewatch_analysis_job_claims_total{place="device",outcome="claimed"} 1');
    expect(text).toContain("sitewatch_analysis_job_completions_total 1");
  });

  it("lets an admin's API token claim hub jobs, and refuses dashboard sessions", async () => {
    const hubClaim = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
      token: apiToken,
      json: claimBody,
    });
    expect(hubClaim.body.job).toMatchObject({ place: "hub", site: "s1" });
    const session = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
      token: hub.adminToken,
      json: claimBody,
    });
    expect(session.status).toBe(403);
  });

  it("refuses bad device credentials with 401, then backs off like the broker", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
        headers: basic(d1, "wrong"),
        json: claimBody,
      });
      codes.push(r.status);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[5]).toBe(429);
    const noAuth = await hub.call("POST", "/api/v1/analysis-jobs/claim", { json: claimBody });
    expect(noAuth.status).toBe(401);
  });

  it("lists a site's jobs with filters and pages; other sites are forbidden", async () => {
    const page = await hub.call("GET", "/api/v1/sites/s1/analysis-jobs?limit=1", { token: managerToken });
    expect(page.status).toBe(200);
    expect(page.body.jobs).toHaveLength(1);
    const next = await hub.call(
      "GET",
      `/api/v1/sites/s1/analysis-jobs?limit=1&cursor=${page.body.nextCursor}`,
      {
        token: managerToken,
      },
    );
    expect(next.body.jobs).toHaveLength(1);
    expect(next.body.jobs[0].id).not.toBe(page.body.jobs[0].id);
    const done = await hub.call("GET", "/api/v1/sites/s1/analysis-jobs?status=completed", {
      token: managerToken,
    });
    expect(done.body.jobs.map((j: AnalysisJob) => j.status)).toEqual(["completed"]);
    const got = await hub.call("GET", `/api/v1/sites/s1/analysis-jobs/${done.body.jobs[0].id}`, {
      token: managerToken,
    });
    expect(got.body.job.result.summary).toContain("two persons");
    expect((await hub.call("GET", "/api/v1/sites/s2/analysis-jobs", { token: managerToken })).status).toBe(
      403,
    );
    const bad = await hub.call("GET", "/api/v1/sites/s1/analysis-jobs?status=nope&cursor=zz", {
      token: managerToken,
    });
    expect(bad.status).toBe(400);
  });

  it("lets only admins cancel and retry", async () => {
    const [job] = await services.queue.register([newJob({ site: "s1" })]);
    const path = `/api/v1/analysis-jobs/${job?.id}`;
    expect((await hub.call("POST", `${path}/cancel`, { token: managerToken })).status).toBe(403);
    const cancelled = await hub.call("POST", `${path}/cancel`, { token: hub.adminToken });
    expect(cancelled.body.job.status).toBe("cancelled");
    expect((await hub.call("POST", `${path}/cancel`, { token: hub.adminToken })).status).toBe(409);
    expect((await hub.call("POST", `${path}/retry`, { token: managerToken })).status).toBe(403);
    const retried = await hub.call("POST", `${path}/retry`, { token: hub.adminToken });
    expect(retried.body.job).toMatchObject({ status: "pending", attempts: 0 });
    const missing = await hub.call(
      "POST",
      "/api/v1/analysis-jobs/0190a8a0-0000-7000-8000-000000000000/retry",
      {
        token: hub.adminToken,
      },
    );
    expect(missing.status).toBe(404);
  });

  it("documents the routes in the OpenAPI document, workers with both schemes", async () => {
    const doc = (await hub.call("GET", "/api/openapi.json")).body;
    expect(doc.paths["/api/v1/analysis-jobs/claim"].post.security).toEqual([
      { bearerAuth: [] },
      { deviceBasic: [] },
    ]);
    expect(doc.paths["/api/v1/sites/{site}/analysis-jobs"].get).toBeDefined();
    expect(doc.paths["/api/v1/analysis-jobs/{id}/cancel"].post).toBeDefined();
    expect(doc.components.securitySchemes.deviceBasic).toMatchObject({ type: "http", scheme: "basic" });
  });

  it("lists a camera's segments", async () => {
    const row = (segment: string, startedAt: number) => ({
      id: uuidv7(),
      siteId: "s1",
      deviceId: "d1",
      cameraId: "cam-1",
      segment,
      uri: `file:///archive/${segment}.mp4`,
      startedAt: new Date(startedAt),
      durationMs: 600_000,
      bytes: 1_000,
      container: "mp4",
      codec: "h264",
    });
    await database.db.insert(segments).values([row("a", 1_000_000), row("b", 2_000_000)]);
    const path = "/api/v1/sites/s1/devices/d1/cameras/cam-1/segments";
    const r = await hub.call("GET", `${path}?limit=1`, { token: managerToken });
    expect(r.status).toBe(200);
    expect(r.body.segments).toMatchObject([{ segment: "b", startedAt: 2_000_000, codec: "h264" }]);
    const next = await hub.call("GET", `${path}?limit=1&cursor=${r.body.nextCursor}`, {
      token: managerToken,
    });
    expect(next.body).toMatchObject({ segments: [{ segment: "a" }], nextCursor: null });
    const bad = await hub.call("POST", "/api/v1/analysis-jobs/claim", {
      headers: basic(d1),
      json: { workerId: "x", providers: ["gpt"] },
    });
    expect(bad.status).toBe(400);
  });
});
