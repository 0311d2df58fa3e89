import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uuidv7 } from "@sitewatch/shared-protocol";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import {
  accessLog,
  alerts,
  attentionEvents,
  deviceCommands,
  enrollmentTokens,
  gateCrops,
  gateLogs,
  occupancyStats,
  refreshTokens,
  seatEvents,
  sites,
  snapshots,
  users,
} from "../db/schema/index.js";
import { createLogger } from "../observability/logger.js";
import { roleEventTables } from "../roles/role-table.js";
import { createRetentionJob } from "./retention-job.js";

// Relative to the real clock, so the started job (which uses it) sees the same old and new rows.
const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600 * 1000);
const OLD_EVENT = daysAgo(31);
const NEW_EVENT = daysAgo(29);
const config = { retention: { snapshotDays: 7, eventDays: 30 } };
let database: Database;
let root: string;
let dataDir: string;

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  await database.db.insert(sites).values({ id: "site-a", name: "A" });
  await database.db
    .insert(users)
    .values({ id: "u1", email: "u@x", displayName: "u", passwordHash: "x", role: "admin" });
  root = await mkdtemp(join(tmpdir(), "sitewatch-retention-"));
  dataDir = join(root, "data");
  await mkdir(join(dataDir, "snapshots"), { recursive: true });
});
afterAll(async () => {
  await database?.close();
  await rm(root, { recursive: true, force: true });
});

async function seed(): Promise<void> {
  const { db } = database;
  for (const table of [
    snapshots,
    seatEvents,
    attentionEvents,
    gateLogs,
    gateCrops,
    deviceCommands,
    accessLog,
    refreshTokens,
    enrollmentTokens,
    occupancyStats,
    alerts,
  ] as PgTable[]) {
    await db.delete(table);
  }
  const snap = (name: string, at: Date, path = `snapshots/${name}.jpg`) => ({
    id: uuidv7(),
    siteId: "site-a",
    deviceId: "edge-01",
    cameraId: "cam-01",
    at,
    path,
    bytes: 3,
    width: 1,
    height: 1,
    facesBlurred: false,
  });
  for (const name of ["old", "fresh"]) await writeFile(join(dataDir, "snapshots", `${name}.jpg`), "jpg");
  await writeFile(join(root, "outside.jpg"), "keep me");
  await db.insert(snapshots).values([
    snap("old", daysAgo(8)),
    snap("fresh", daysAgo(6)),
    snap("missing", daysAgo(9)),
    // A tampered path must not let retention delete files outside the data directory.
    snap("escape", daysAgo(9), "../outside.jpg"),
  ]);
  const seat = (at: Date) => ({
    id: uuidv7(),
    siteId: "site-a",
    deviceId: "edge-01",
    cameraId: "cam-01",
    seatId: "1A",
    fromState: "empty" as const,
    toState: "occupied" as const,
    at,
    confidence: 0.9,
    seq: 1,
  });
  await db.insert(seatEvents).values([seat(OLD_EVENT), seat(NEW_EVENT)]);
  const attention = (at: Date) => ({
    id: uuidv7(),
    siteId: "site-a",
    sessionId: "s1",
    deviceId: "edge-01",
    cameraId: "cam-01",
    kind: "change" as const,
    toState: "focused",
    at,
    durationMs: 0,
    seq: 1,
  });
  await db.insert(attentionEvents).values([attention(OLD_EVENT), attention(NEW_EVENT)]);
  const gate = (at: Date) => ({
    id: uuidv7(),
    siteId: "site-a",
    deviceId: "edge-01",
    cameraId: "cam-01",
    at,
    rawText: "X",
    confidence: 0.5,
    seq: 1,
  });
  await db.insert(gateLogs).values([gate(OLD_EVENT), gate(NEW_EVENT)]);
  // Gate crops follow the gate log (event days), each row with its JPEG file.
  await mkdir(join(dataDir, "gate-crops", "site-a"), { recursive: true });
  const crop = (name: string, at: Date) => {
    const entryId = uuidv7();
    return {
      entryId,
      siteId: "site-a",
      deviceId: "edge-01",
      cameraId: "cam-01",
      path: `gate-crops/site-a/${name}.jpg`,
      bytes: 3,
      width: 1,
      height: 1,
      at,
    };
  };
  for (const name of ["old-crop", "new-crop"])
    await writeFile(join(dataDir, "gate-crops", "site-a", `${name}.jpg`), "jpg");
  await db.insert(gateCrops).values([crop("old-crop", OLD_EVENT), crop("new-crop", NEW_EVENT)]);
  const command = (createdAt: Date) => ({
    id: uuidv7(),
    siteId: "site-a",
    deviceId: "edge-01",
    name: "snapshot",
    payload: {},
    status: "completed" as const,
    createdAt,
  });
  await db.insert(deviceCommands).values([command(OLD_EVENT), command(NEW_EVENT)]);
  const access = (at: Date) => ({ at, requestId: "r", method: "GET", path: "/", status: 200, durationMs: 1 });
  await db.insert(accessLog).values([access(OLD_EVENT), access(NEW_EVENT)]);
  const refresh = (id: string, expiresAt: Date) => ({
    id,
    userId: "u1",
    family: "f",
    tokenHash: id,
    expiresAt,
  });
  await db.insert(refreshTokens).values([refresh("expired", daysAgo(0.01)), refresh("valid", daysAgo(-1))]);
  const enrol = (id: string, expiresAt: Date) => ({ id, siteId: "site-a", tokenHash: id, expiresAt });
  await db.insert(enrollmentTokens).values([enrol("e-expired", daysAgo(1)), enrol("e-valid", daysAgo(-1))]);
  const alert = (id: string, since: Date, resolvedAt: Date | null) => ({
    id,
    siteId: "site-a",
    kind: "seat-held" as const,
    subject: id,
    since,
    message: "held",
    raisedAt: since,
    resolvedAt,
  });
  await db
    .insert(alerts)
    .values([
      alert("resolved-old", OLD_EVENT, OLD_EVENT),
      alert("open-old", OLD_EVENT, null),
      alert("resolved-new", OLD_EVENT, NEW_EVENT),
    ]);
  await db
    .insert(occupancyStats)
    .values({ siteId: "site-a", seatId: "1A", hour: daysAgo(400), occupiedMs: 60_000 });
}

const count = async (table: PgTable) => (await database.db.select().from(table)).length;

describe("retention job", () => {
  beforeEach(seed);

  it("deletes old rows and snapshot files, keeps new ones and every aggregate", async () => {
    const job = createRetentionJob({
      database,
      config,
      logger: createLogger("silent"),
      dataDir,
      eventTables: roleEventTables(),
    });
    const counts = await job.runOnce(NOW);
    expect(counts).toEqual({
      snapshots: 3,
      snapshotFiles: 1,
      seatEvents: 1,
      attentionEvents: 1,
      gateLogs: 1,
      gateCrops: 1,
      gateCropsFiles: 1,
      deviceCommands: 1,
      accessLog: 1,
      refreshTokens: 1,
      enrollmentTokens: 1,
      alerts: 1,
    });
    expect(existsSync(join(dataDir, "snapshots", "old.jpg"))).toBe(false);
    expect(existsSync(join(dataDir, "snapshots", "fresh.jpg"))).toBe(true);
    expect(existsSync(join(root, "outside.jpg"))).toBe(true);
    expect(existsSync(join(dataDir, "gate-crops", "site-a", "old-crop.jpg"))).toBe(false);
    expect(existsSync(join(dataDir, "gate-crops", "site-a", "new-crop.jpg"))).toBe(true);
    expect(await database.db.select({ path: gateCrops.path }).from(gateCrops)).toEqual([
      { path: "gate-crops/site-a/new-crop.jpg" },
    ]);
    const remaining = await database.db.select({ path: snapshots.path }).from(snapshots);
    expect(remaining).toEqual([{ path: "snapshots/fresh.jpg" }]);
    for (const table of [
      seatEvents,
      attentionEvents,
      gateLogs,
      deviceCommands,
      accessLog,
      refreshTokens,
      enrollmentTokens,
    ]) {
      expect(await count(table)).toBe(1);
    }
    expect((await database.db.select({ id: refreshTokens.id }).from(refreshTokens))[0]?.id).toBe("valid");
    expect(await count(occupancyStats)).toBe(1);
    const kept = await database.db.select({ id: alerts.id }).from(alerts);
    expect(kept.map((a) => a.id).sort()).toEqual(["open-old", "resolved-new"]);
    // A second pass finds nothing more to do.
    expect(Object.values(await job.runOnce(NOW)).every((n) => n === 0)).toBe(true);
  });

  it("runs by itself once started, and stops cleanly", async () => {
    const job = createRetentionJob({
      database,
      eventTables: roleEventTables(),
      config,
      logger: createLogger("silent"),
      dataDir,
      firstRunDelayMs: 10,
    });
    job.start();
    await expect.poll(() => count(seatEvents), { timeout: 5_000 }).toBe(1);
    expect(existsSync(join(dataDir, "snapshots", "old.jpg"))).toBe(false);
    expect(existsSync(join(dataDir, "snapshots", "fresh.jpg"))).toBe(true);
    await job.stop();
    expect(await count(occupancyStats)).toBe(1);
  });
});
