import { examples, type Snapshot, uuidv7 } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Database } from "../db/client.js";
import { deviceCommands, snapshots } from "../db/schema/index.js";
import { enrolTestDevice, migratedDatabase } from "./ingest.test-support.js";
import { SnapshotGate } from "./snapshot-gate.js";
import { defaultSnapshotQuota, SnapshotQuota } from "./snapshot-quota.js";

const MIN = 60_000;
let database: Database;
let clock = Date.UTC(2025, 10, 24, 12);
const now = () => clock;

async function storedRows(device: string, n: number, at: number, bytes = 100) {
  const rows = Array.from({ length: n }, () => ({
    id: uuidv7(),
    siteId: "s1",
    deviceId: device,
    cameraId: "cam-1",
    at: new Date(at),
    path: "snapshots/x.jpg",
    bytes,
    width: 1,
    height: 1,
    facesBlurred: false,
  }));
  await database.db.insert(snapshots).values(rows);
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  for (const device of ["d1", "d2", "d3", "d4", "d5"]) await enrolTestDevice(database.db, "s1", device);
});

afterAll(async () => {
  await database?.close();
});

describe("snapshot quota", () => {
  it("has the defaults SNAPSHOT_QUOTA_* gives an unconfigured hub", () => {
    expect(loadConfig({}).ingest.snapshotQuota).toEqual(defaultSnapshotQuota);
  });

  it("refuses a device's pictures beyond its bytes per hour, and takes them again an hour later", async () => {
    const quota = new SnapshotQuota(
      database.db,
      { bytesPerHour: 1_000, bytesPerDay: 10_000, files: 100 },
      now,
    );
    const d1 = { site: "s1", device: "d1" };
    expect(await quota.reserve(d1, 600)).toBeUndefined();
    expect(await quota.reserve(d1, 600)).toMatch(/last hour/);
    // Another device has its own quota.
    expect(await quota.reserve({ site: "s1", device: "d2" }, 600)).toBeUndefined();
    clock += 61 * MIN;
    expect(await quota.reserve(d1, 600)).toBeUndefined();
  });

  it("refuses beyond the bytes per day", async () => {
    const quota = new SnapshotQuota(
      database.db,
      { bytesPerHour: 1_000, bytesPerDay: 2_500, files: 100 },
      now,
    );
    const d3 = { site: "s1", device: "d3" };
    for (let hour = 0; hour < 2; hour++) {
      expect(await quota.reserve(d3, 900)).toBeUndefined();
      clock += 61 * MIN;
    }
    expect(await quota.reserve(d3, 900)).toMatch(/last day/);
    clock += 24 * 60 * MIN;
    expect(await quota.reserve(d3, 900)).toBeUndefined();
  });

  it("refuses once the device has its number of stored files, and counts bytes stored before a restart", async () => {
    await storedRows("d4", 5, clock - 10 * MIN);
    const limits = { bytesPerHour: 1_000, bytesPerDay: 10_000, files: 5 };
    expect(
      await new SnapshotQuota(database.db, limits, now).reserve({ site: "s1", device: "d4" }, 1),
    ).toMatch(/5 stored snapshots/);
    // A new process (fresh quota) still sees the 500 bytes d4 stored ten minutes ago.
    const restarted = new SnapshotQuota(database.db, { ...limits, files: 100 }, now);
    expect(await restarted.reserve({ site: "s1", device: "d4" }, 501)).toMatch(
      /500 snapshot bytes in the last hour/,
    );
    expect(await restarted.reserve({ site: "s1", device: "d4" }, 500)).toBeUndefined();
  });

  it("makes the gate refuse an answer over quota with RATE_LIMITED, without claiming its request", async () => {
    const gate = new SnapshotGate({
      db: database.db,
      quota: { bytesPerHour: 1e6, bytesPerDay: 1e7, files: 1 },
    });
    const request = uuidv7();
    await database.db.insert(deviceCommands).values({
      id: request,
      siteId: "s1",
      deviceId: "d5",
      name: "snapshot",
      payload: { camera: "cam-1", timeoutMs: 10_000 },
      status: "sent",
    });
    const answer = (): Snapshot => ({ ...examples.snapshot, id: uuidv7(), command: request }) as Snapshot;
    const addr = { site: "s1", device: "d5", camera: "cam-1" };
    await storedRows("d5", 1, Date.now());
    expect(await gate.admit(addr, answer())).toMatchObject({ code: "RATE_LIMITED" });
    // Room again (retention removed the old picture): another answer to the same request is let in,
    // so the refused one did not keep the request for itself.
    await database.db.delete(snapshots).where(eq(snapshots.deviceId, "d5"));
    expect(await gate.admit(addr, answer())).toBeUndefined();
  });
});
