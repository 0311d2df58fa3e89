import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMessage, examples, topics } from "@sitewatch/shared-protocol";
import { and, asc, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import {
  attentionSessions,
  cameras,
  deviceCommands,
  devices,
  gateLogs,
  occupancyStats,
  seatEvents,
  seatStatus,
  snapshots,
} from "../db/schema/index.js";
import {
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  payload,
  type RecordingBroadcaster,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";
import type { IngestService } from "./ingest-service.js";

const MIN = 60_000;
const T = Date.UTC(2025, 10, 24, 10, 50); // 10:50 UTC
const H10 = new Date(Date.UTC(2025, 10, 24, 10));
const H11 = new Date(Date.UTC(2025, 10, 24, 11));
const cam = { site: "s1", device: "d1", camera: "cam-1" };
const dev = { site: "s1", device: "d1" };

let database: Database;
let hub: EmbeddedIngest;
let ingest: IngestService;
let dataDir: string;
let device: MqttClient;
let broadcaster: RecordingBroadcaster;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const d1 = await enrolTestDevice(database.db, "s1", "d1");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-ingest-"));
  // Nothing is flushed by time during the test: what is stored before a flush() was stored because a
  // device waits for its acknowledgement.
  hub = await startEmbeddedIngest(database, {
    dataDir,
    ingest: { batchRows: 10_000, batchMs: 60_000, maxPending: 50_000 },
    sequenceGraceMs: 300,
  });
  ({ ingest, broadcaster } = hub);
  device = await mqtt.connectAsync(hub.url, {
    username: d1.username,
    password: d1.password,
    clientId: d1.username,
  });
});

afterAll(async () => {
  await device?.endAsync(true);
  await ingest?.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function publish(topic: string, body: string | Buffer): Promise<void> {
  await device.publishAsync(topic, body, { qos: 1 });
}

const accepted = () => ingest.stats().accepted;
const seatRows = () => database.db.select().from(seatEvents).orderBy(asc(seatEvents.at));

describe("ingest over the embedded broker", () => {
  const first = seatChange({ seq: 1, seat: "1A", from: "empty", to: "occupied", at: T, vacancyMs: 20 * MIN });
  const second = seatChange({
    seq: 2,
    seat: "1A",
    from: "occupied",
    to: "held",
    at: T + 20 * MIN,
    stayMs: 20 * MIN,
  });
  const third = seatChange({ seq: 3, seat: "1A", from: "held", to: "empty", at: T + 35 * MIN });

  it("broadcasts a seat change and acknowledges it only once its row is stored", async () => {
    expect(await seatRows()).toHaveLength(0);
    // batchMs is a minute: the PUBACK does not wait for it, it waits for the commit it triggers.
    await publish(topics.seatChange(cam), first);
    expect(await seatRows()).toHaveLength(1);
    expect(broadcaster.of("seatChange")).toHaveLength(1);
    expect(broadcaster.of("seatChange")[0]).toMatchObject({ ...cam, data: { seat: "1A", to: "occupied" } });
  });

  it("keeps seat status current and rolls time up into hourly statistics", async () => {
    await publish(topics.seatChange(cam), second);
    await publish(topics.seatChange(cam), third);
    await until(() => accepted() >= 3);
    await ingest.flush();
    const [status] = await database.db.select().from(seatStatus).where(eq(seatStatus.seatId, "1A"));
    expect(status).toMatchObject({ state: "empty", since: new Date(T + 35 * MIN) });
    const stats = await database.db.select().from(occupancyStats).orderBy(asc(occupancyStats.hour));
    expect(stats.map((s) => s.hour)).toEqual([H10, H11]);
    // 10:30-10:50 vacant (vacancyMs), 10:50-11:10 occupied, 11:10-11:25 held (from the hub's seat clock).
    expect(stats[0]).toMatchObject({
      vacantMs: 20 * MIN,
      occupiedMs: 10 * MIN,
      entries: 1,
      heldIncidents: 0,
    });
    expect(stats[1]).toMatchObject({
      occupiedMs: 10 * MIN,
      heldMs: 15 * MIN,
      heldIncidents: 1,
      stays: 1,
      stayMsTotal: 20 * MIN,
    });
  });

  it("stores a replayed event once and neither counts nor broadcasts it again", async () => {
    const broadcasts = broadcaster.of("seatChange").length;
    await publish(topics.seatChange(cam), second);
    await publish(topics.health(dev), payload("health", { seq: 4 }));
    await until(() => accepted() >= 4);
    await ingest.flush();
    expect(await seatRows()).toHaveLength(3);
    expect(broadcaster.of("seatChange")).toHaveLength(broadcasts);
    expect(ingest.stats().duplicates).toBe(1);
    expect((await hub.metrics.ingestDuplicates.get()).values[0]?.value).toBe(1);
    const [h11] = await database.db.select().from(occupancyStats).where(eq(occupancyStats.hour, H11));
    expect(h11?.heldIncidents).toBe(1);
  });

  it("counts a sequence gap as lost only once the grace period passed, and stores gate entries, snapshots, attention and device state", async () => {
    const gate = payload("gateEntry", { seq: 10 });
    const snapshot = payload("snapshot", { seq: 11 });
    // Only an answer to an open snapshot request is stored: the request the example answers.
    await database.db.insert(deviceCommands).values({
      id: examples.snapshot.command,
      siteId: "s1",
      deviceId: "d1",
      name: "snapshot",
      payload: { camera: "cam-1", timeoutMs: 10_000 },
      status: "sent",
    });
    await publish(topics.gateEntry(cam), gate);
    await publish(topics.snapshot(cam), snapshot);
    await publish(topics.attentionChange(cam), payload("attentionChange", { seq: 12 }));
    await publish(topics.attentionAlert(cam), payload("attentionAlert", { seq: 13 }));
    await publish(topics.cameraStatus({ ...cam, camera: "cam-9" }), payload("cameraStatus", { seq: 14 }));
    await publish(topics.liveFrame(cam), payload("liveFrame", { seq: 15 }));
    await until(() => broadcaster.of("liveFrame").length === 1);
    await ingest.flush();

    expect(ingest.stats().sequence).toMatchObject({ gap: 1, missing: 5 });
    await until(() => ingest.stats().sequence.lost === 5);
    expect((await hub.metrics.sequenceGaps.get()).values[0]?.value).toBe(5);

    const [log] = await database.db.select().from(gateLogs);
    expect(log).toMatchObject({ containerNumber: "CSQU3054383", checkDigitValid: true, direction: "in" });

    const [shot] = await database.db.select().from(snapshots);
    const id = (JSON.parse(snapshot) as { id: string }).id;
    expect(shot).toMatchObject({ id, path: join("snapshots", "s1", "d1", "cam-1", `${id}.jpg`) });
    const jpeg = await readFile(join(dataDir, shot?.path ?? "missing"));
    expect(jpeg.byteLength).toBe(shot?.bytes);
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const [session] = await database.db.select().from(attentionSessions);
    expect(session).toMatchObject({
      id: "s-20251124-kim",
      state: "drowsy",
      alerts: 1,
      stateMs: { focused: 1_520_000 },
    });

    const [camera] = await database.db
      .select()
      .from(cameras)
      .where(and(eq(cameras.deviceId, "d1"), eq(cameras.id, "cam-9")));
    expect(camera).toMatchObject({ role: "seats", name: "cam-9", state: "reconnecting" });

    const [row] = await database.db.select().from(devices).where(eq(devices.id, "d1"));
    expect(row?.online).toBe(true);
    expect(row?.lastSeenAt).toBeInstanceOf(Date);
    expect(row?.health).toMatchObject({ uptimeS: 86_400, cameras: [{ camera: "cam-03" }] });
  });

  it("marks a device offline on its availability message (its last will)", async () => {
    await publish(
      topics.availability(dev),
      encodeMessage("availability", { ...examples.availability, state: "offline" }),
    );
    await until(() => broadcaster.of("availability").length === 1);
    await ingest.flush();
    const [row] = await database.db.select().from(devices).where(eq(devices.id, "d1"));
    expect(row).toMatchObject({ online: false, agentVersion: "0.1.0" });
  });

  it("takes the agent's version and applied config revision from its heartbeats", async () => {
    const row = async () => (await database.db.select().from(devices).where(eq(devices.id, "d1")))[0];
    const beat = async (fields: Parameters<typeof payload<"health">>[1]) => {
      const before = accepted();
      await publish(topics.health(dev), payload("health", fields));
      await until(() => accepted() > before);
      await ingest.flush();
    };
    await beat({ seq: 16, agentVersion: "0.2.0", configRevision: 7, configHash: "0123456789ab" });
    expect(await row()).toMatchObject({
      online: true,
      agentVersion: "0.2.0",
      health: { agentVersion: "0.2.0", configRevision: 7, configHash: "0123456789ab" },
    });
    // An agent from before these fields: the heartbeat replaces health, the stored version stays.
    await beat({ seq: 17, agentVersion: undefined, configRevision: undefined, configHash: undefined });
    const older = await row();
    expect(older?.agentVersion).toBe("0.2.0");
    expect(older?.health).not.toHaveProperty("configRevision");
    expect(older?.health).toMatchObject({ uptimeS: 86_400 });
  });

  it("after a restart (empty id cache) a replayed event still adds no row and no statistics", async () => {
    const { ingest: restarted } = await startEmbeddedIngest(database, { dataDir });
    try {
      const before = await database.db.select().from(occupancyStats).orderBy(asc(occupancyStats.hour));
      const rows = (await seatRows()).length;
      for (const event of [first, second, third])
        await restarted.handle(topics.seatChange(cam), Buffer.from(event));
      await restarted.flush();
      expect(restarted.stats()).toMatchObject({ accepted: 3, duplicates: 0 });
      expect(await seatRows()).toHaveLength(rows);
      expect(await database.db.select().from(occupancyStats).orderBy(asc(occupancyStats.hour))).toEqual(
        before,
      );
      const [status] = await database.db.select().from(seatStatus).where(eq(seatStatus.seatId, "1A"));
      expect(status).toMatchObject({ state: "empty", since: new Date(T + 35 * MIN) });
    } finally {
      await restarted.stop();
    }
  });
});
