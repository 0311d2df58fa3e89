import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHub } from "../../../http/http.test-support.js";
import { type EnrolledDevice, enrolTestDevice } from "../../../ingest/ingest.test-support.js";
import type { ArchiveServices } from "../archive-services.js";
import { newJob } from "../jobs/queue.test-support.js";
import { type ArchiveApi, startArchiveApi } from "./archive-api.test-support.js";

let api: ArchiveApi;
let services: ArchiveServices;
let hub: TestHub;
let d1: EnrolledDevice;
let other: EnrolledDevice;
let dataDir: string;
let jpeg: Buffer;

const basic = (d: EnrolledDevice) => ({
  authorization: `Basic ${Buffer.from(`${d.username}:${d.password}`).toString("base64")}`,
  "content-type": "image/jpeg",
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-thumbs-"));
  api = await startArchiveApi({ dataDir });
  ({ services, hub } = api);
  d1 = await enrolTestDevice(api.database.db, "s1", "d1");
  other = await enrolTestDevice(api.database.db, "s1", "d2");
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "orange" } })
    .jpeg()
    .toBuffer();
});

afterAll(async () => {
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A device job of d1 that d1's worker holds. */
async function heldJob() {
  const [job] = await services.queue.register([newJob({ place: "device" })]);
  const claimed = await services.queue.claim(
    "w1",
    { place: "device", providers: ["builtin"], site: "s1", device: "d1" },
    60,
  );
  expect(claimed?.id).toBe(job?.id);
  return claimed as NonNullable<typeof claimed>;
}

describe("analysis thumbnails", () => {
  it("stores a held job's thumbnail from its device and serves it to the site's users", async () => {
    const job = await heldJob();
    const put = await hub.call("PUT", `/api/v1/analysis-jobs/${job.id}/thumbnails/001-crowding.jpg`, {
      headers: basic(d1),
      rawBody: jpeg,
    });
    expect(put.status, put.text).toBe(200);
    const got = await hub.call(
      "GET",
      `/api/v1/sites/s1/analysis-jobs/${job.id}/thumbnails/001-crowding.jpg`,
      {
        token: hub.adminToken,
      },
    );
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(got.bytes).equals(jpeg)).toBe(true);
    const unauthenticated = await hub.call(
      "GET",
      `/api/v1/sites/s1/analysis-jobs/${job.id}/thumbnails/001-crowding.jpg`,
    );
    expect(unauthenticated.status).toBe(401);
    const missing = await hub.call("GET", `/api/v1/sites/s1/analysis-jobs/${job.id}/thumbnails/002-x.jpg`, {
      token: hub.adminToken,
    });
    expect(missing.status).toBe(404);
  });

  it("refuses other devices, jobs nobody holds, bad names, non-JPEG and oversized bodies", async () => {
    const job = await heldJob();
    const path = (name: string) => `/api/v1/analysis-jobs/${job.id}/thumbnails/${name}`;
    expect((await hub.call("PUT", path("a.jpg"), { headers: basic(other), rawBody: jpeg })).status).toBe(403);
    const notJpeg = await hub.call("PUT", path("a.jpg"), {
      headers: basic(d1),
      rawBody: Buffer.from("hello"),
    });
    expect(notJpeg.status).toBe(400);
    expect(notJpeg.body.error.code).toBe("VALIDATION_FAILED");
    const big = Buffer.concat([jpeg, Buffer.alloc(1024 * 1024)]);
    expect((await hub.call("PUT", path("a.jpg"), { headers: basic(d1), rawBody: big })).status).toBe(413);
    // Uppercase or a path: not a thumbnail name (no route for the device, so its Basic login is refused).
    expect(
      (await hub.call("PUT", path("../a.jpg"), { headers: basic(d1), rawBody: jpeg })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await hub.call("PUT", path("A.JPG"), { headers: basic(d1), rawBody: jpeg })).status).toBe(400);
    await services.queue.cancel(job.id);
    const late = await hub.call("PUT", path("a.jpg"), { headers: basic(d1), rawBody: jpeg });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("LEASE_LOST");
  });
});
