import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { seatStatus } from "../db/schema/index.js";
import {
  connectEnrolled,
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  payload,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";

// Finding 8 end to end: a device clock in 2099 (or at 1970, or past what a Date holds) on a real
// embedded broker and database, with the hub's default bounds (5 min ahead, nothing before 2020).
const cam = { site: "s1", device: "d1", camera: "cam-1" };
let database: Database;
let hub: EmbeddedIngest;
let device: MqttClient;
let dataDir: string;
let seq = 0;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const d1 = await enrolTestDevice(database.db, cam.site, cam.device);
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-clock-"));
  hub = await startEmbeddedIngest(database, { dataDir });
  device = await connectEnrolled(hub.url, d1);
});

afterAll(async () => {
  await device?.endAsync(true);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const publish = (body: string) => device.publishAsync(topics.seatChange(cam), body, { qos: 1 });
const rejected = (code: string) => hub.ingest.stats().rejected[code as "SCHEMA_VIOLATION"] ?? 0;
const skewCount = async () => (await hub.metrics.e2eClockSkew.get()).values[0]?.value ?? 0;
const status = async (seat: string) =>
  (
    await database.db
      .select()
      .from(seatStatus)
      .where(and(eq(seatStatus.siteId, cam.site), eq(seatStatus.seatId, seat)))
  )[0];

describe("event times bounded by the hub's clock", () => {
  it("refuses a seat change from 2099, counts it, and later real events still move the seat", async () => {
    const now = Date.now();
    await publish(
      seatChange({ seq: ++seq, seat: "7A", from: "empty", to: "held", at: Date.UTC(2099, 0, 1) }),
    );
    await until(() => rejected("EVENT_TIME_OUT_OF_RANGE") === 1, 5_000, "the 2099 event refused");
    expect(await skewCount()).toBe(1);
    const byReason = (await hub.metrics.ingestRejected.get()).values.find(
      (v) => v.labels.reason === "EVENT_TIME_OUT_OF_RANGE",
    );
    expect(byReason?.value).toBe(1);

    await publish(
      seatChange({ seq: ++seq, seat: "7A", from: "empty", to: "occupied", at: now, capturedAt: now }),
    );
    await until(() => hub.ingest.stats().accepted >= 1, 5_000, "the real event accepted");
    await hub.ingest.flush();
    expect(await status("7A")).toMatchObject({ state: "occupied", since: new Date(now) });
    await publish(seatChange({ seq: ++seq, seat: "7A", from: "occupied", to: "empty", at: now + 1_000 }));
    await until(async () => (await status("7A"))?.state === "empty", 5_000, "the seat moved on");
  });

  it("refuses an unset device clock without calling it clock skew", async () => {
    const skew = await skewCount();
    await device.publishAsync(topics.health(cam), payload("health", { seq: ++seq, ts: 0 }), { qos: 1 });
    await until(() => rejected("EVENT_TIME_OUT_OF_RANGE") === 2, 5_000, "the 1970 heartbeat refused");
    expect(await skewCount()).toBe(skew);
  });

  it("makes 8.64e15 a schema violation rather than a row the database drops", async () => {
    const before = rejected("SCHEMA_VIOLATION");
    const writer = hub.ingest.stats().writer.dropped;
    // Built by hand: the encoder refuses it too.
    const valid = JSON.parse(seatChange({ seq: ++seq, seat: "7B", from: "empty", to: "held" }));
    await publish(JSON.stringify({ ...valid, at: 8.64e15 }));
    await until(() => rejected("SCHEMA_VIOLATION") === before + 1, 5_000, "the 8.64e15 event refused");
    await hub.ingest.flush();
    expect(hub.ingest.stats().writer.dropped).toBe(writer);
    expect(await status("7B")).toBeUndefined();
  });
});
