import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnalysisJob, topicFor } from "@sitewatch/shared-protocol";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.js";
import { analysisJobs, segments } from "../../db/schema/index.js";
import {
  connectEnrolled,
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  payload,
  startEmbeddedIngest,
} from "../../ingest/ingest.test-support.js";
import { configuredRoles, ingestModules } from "../role-table.js";

const cam = { site: "s1", device: "d1", camera: "cam-1" };

let database: Database;
let hub: EmbeddedIngest;
let dataDir: string;
let device: MqttClient;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const d1 = await enrolTestDevice(database.db, "s1", "d1");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-archive-"));
  hub = await startEmbeddedIngest(database, {
    dataDir,
    // A minute between timed flushes: what is stored at PUBACK was stored because the device waited.
    ingest: { batchRows: 10_000, batchMs: 60_000, maxPending: 50_000 },
    modules: ingestModules(configuredRoles({ analysisProviders: ["builtin", "vlm"] })),
  });
  device = await connectEnrolled(hub.url, d1);
});

afterAll(async () => {
  await device?.endAsync(true);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const publish = (body: string) => device.publishAsync(topicFor("segmentReady", cam), body, { qos: 1 });
const jobEvents = () =>
  hub.broadcaster.events
    .filter((e) => e.name === "analysisJob")
    .map((e) => (e.payload as { data: AnalysisJob }).data);

describe("segmentReady registers analysis jobs through ingest", () => {
  it("stores the segment and one pending device job per provider before the acknowledgement", async () => {
    await publish(payload("segmentReady", { seq: 1, segment: "seg-a" }));
    expect(await database.db.select().from(segments)).toMatchObject([{ segment: "seg-a", codec: "h264" }]);
    const jobs = await database.db.select().from(analysisJobs);
    expect(jobs.map((j) => j.provider).sort()).toEqual(["builtin", "vlm"]);
    expect(jobs.every((j) => j.status === "pending" && j.place === "device" && j.cameraId === "cam-1")).toBe(
      true,
    );
    expect(
      jobEvents()
        .map((j) => j.provider)
        .sort(),
    ).toEqual(["builtin", "vlm"]);
  });

  it("registers nothing again for a replayed event or a new event about the same segment", async () => {
    const again = payload("segmentReady", { seq: 2, segment: "seg-b" });
    await publish(again);
    await publish(again);
    await publish(payload("segmentReady", { seq: 3, segment: "seg-b" }));
    await hub.ingest.flush();
    expect(await database.db.select().from(segments)).toHaveLength(2);
    expect(await database.db.select().from(analysisJobs)).toHaveLength(4);
    expect(jobEvents()).toHaveLength(4);
  });
});
