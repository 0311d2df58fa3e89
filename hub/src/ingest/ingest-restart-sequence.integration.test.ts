import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import {
  type EmbeddedIngest,
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";

/**
 * A restarted hub must still notice events lost across its restart: the last sequence number of each
 * device is committed with its events (devices.last_seq) and seeds the tracker at start.
 */
const cam = { site: "s1", device: "d1", camera: "cam-1" };
let database: Database;
let dir: string;
let device: EnrolledDevice;
let hub: EmbeddedIngest | undefined;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  device = await enrolTestDevice(database.db, "s1", "d1");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-seq-restart-"));
});

afterAll(async () => {
  await hub?.ingest.stop();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts a fresh ingest (empty memory, as after a restart) and publishes the given numbers at QoS 1. */
async function runHub(seqs: number[]): Promise<EmbeddedIngest> {
  await hub?.ingest.stop();
  hub = await startEmbeddedIngest(database, { dataDir: dir, sequenceGraceMs: 200 });
  const client = await mqtt.connectAsync(hub.url, {
    username: device.username,
    password: device.password,
    clientId: device.username,
  });
  for (const seq of seqs) {
    const body = seatChange({ seq, seat: `S${seq}`, from: "empty", to: "occupied", at: Date.now() });
    await client.publishAsync(topics.seatChange(cam), body, { qos: 1 });
  }
  await client.endAsync();
  return hub;
}

const lastSeq = async () =>
  (await database.db.select({ seq: devices.lastSeq }).from(devices).where(eq(devices.id, "d1")))[0]?.seq;
const lostCount = async (h: EmbeddedIngest) => (await h.metrics.sequenceGaps.get()).values[0]?.value ?? 0;

describe("device sequence across hub restarts", () => {
  it("is committed with the events it counts", async () => {
    await runHub([1, 2, 3, 4, 5]);
    // Acknowledged means committed: no flush needed.
    expect(await lastSeq()).toBe(5);
  });

  it("continues after a restart without a false gap", async () => {
    const h = await runHub([6, 7]);
    await new Promise((r) => setTimeout(r, 400));
    expect(h.ingest.stats().sequence).toMatchObject({ next: 2, gap: 0, lost: 0 });
    expect(await lostCount(h)).toBe(0);
    expect(await lastSeq()).toBe(7);
  });

  it("reports numbers that never arrived across a restart as lost", async () => {
    const h = await runHub([11]);
    await until(async () => (await lostCount(h)) === 3, 5_000, "lost 8-10 reported");
    expect(h.ingest.stats().sequence).toMatchObject({ gap: 1, missing: 3, lost: 3 });
    expect(await lastSeq()).toBe(11);
  });
});
