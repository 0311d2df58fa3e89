import { examples, type HubAlert, type LiveEvent, type LiveEventKind } from "@sitewatch/shared-protocol";
import { type RealPostgres, startPostgres, useService } from "@sitewatch/testkit";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { alerts, cameras, devices, seatStatus, seats, sites } from "../db/schema/index.js";
import { createHubEventBus, type DomainEvents, type HubEventBus } from "../events/domain-events.js";
import { createLogger } from "../observability/logger.js";
import { roleAlertFamilies } from "../roles/role-table.js";
import { type AlertEngine, createAlertEngine } from "./alert-engine.js";

const MIN = 60_000;
const square: [number, number][] = [
  [0.1, 0.1],
  [0.2, 0.1],
  [0.2, 0.2],
];

/** Listens on the bus as dashboards do: an acknowledgement reaches them as `alert:raised` again. */
class Recorder {
  readonly sent: Array<{ type: string; alert: HubAlert }> = [];
  constructor(events: HubEventBus) {
    const record = (type: string) => (alert: HubAlert) => void this.sent.push({ type, alert });
    events.on("alertRaised", record("alert:raised"));
    events.on("alertAcknowledged", record("alert:raised"));
    events.on("alertResolved", record("alert:resolved"));
  }
  summary() {
    return this.sent.map((s) => `${s.type} ${s.alert.kind} ${s.alert.subject}`).sort();
  }
}

function engineSuite(openDb: () => Promise<Database>) {
  let database: Database;
  let clock = Date.now();
  const started: AlertEngine[] = [];
  const engine = async () => {
    const logger = createLogger("silent");
    const events = createHubEventBus({ logger });
    const recorder = new Recorder(events);
    const e = createAlertEngine({
      database,
      events,
      logger,
      families: roleAlertFamilies(),
      now: () => clock,
      tickMs: 3_600_000,
    });
    await e.start();
    started.push(e);
    // What ingest does with each accepted device message.
    const live = {
      live: (kind: LiveEventKind, event: LiveEvent<LiveEventKind>) =>
        events.emit(kind, event as DomainEvents[LiveEventKind]),
    };
    return { e, recorder, live };
  };
  const event = <K extends LiveEventKind>(_kind: K, data: unknown, camera?: string) =>
    ({ site: "s1", device: "d1", camera, data }) as LiveEvent<K>;
  const openRows = () => database.db.select().from(alerts).where(isNull(alerts.resolvedAt));

  beforeAll(async () => {
    database = await openDb();
    await runMigrations(database);
    const { db } = database;
    await db.insert(sites).values([
      { id: "s1", name: "S1" },
      { id: "s2", name: "S2" },
    ]);
    await db.insert(devices).values({
      siteId: "s1",
      id: "d1",
      name: "D1",
      mqttUsername: "s1.d1",
      passwordHash: "unused",
      online: false,
      lastSeenAt: new Date(clock - 10 * MIN),
    });
    // Enrolled but never connected: not "offline".
    await db
      .insert(devices)
      .values({ siteId: "s1", id: "d2", name: "D2", mqttUsername: "s1.d2", passwordHash: "unused" });
    await db.insert(cameras).values({
      siteId: "s1",
      deviceId: "d1",
      id: "c1",
      name: "C1",
      role: "seats",
      state: "streaming",
      stateAt: new Date(clock - MIN),
    });
    await db.insert(seats).values(
      ["1A", "1B", "1C"].map((id) => ({
        siteId: "s1",
        id,
        deviceId: "d1",
        cameraId: "c1",
        polygon: square,
      })),
    );
    await db.insert(seatStatus).values([
      { siteId: "s1", seatId: "1A", state: "held", since: new Date(clock - 40 * MIN), confidence: 0.9 },
      { siteId: "s1", seatId: "1B", state: "empty", since: new Date(clock - 5 * 60 * MIN), confidence: 0.9 },
      { siteId: "s1", seatId: "1C", state: "occupied", since: new Date(clock - MIN), confidence: 0.9 },
    ]);
  });

  afterAll(async () => {
    for (const e of started) await e.stop();
    await database?.close();
  });

  it("raises alerts from the stored state on start, and none twice after a restart", async () => {
    const first = await engine();
    expect(first.recorder.summary()).toEqual([
      "alert:raised device-offline d1",
      "alert:raised seat-held 1A",
      "alert:raised seat-vacant 1B",
    ]);
    await first.e.stop();
    const second = await engine();
    await second.e.tick();
    expect(second.recorder.sent).toEqual([]);
    expect(await openRows()).toHaveLength(3);
  });

  it("lets only one of two instances raise a new condition", async () => {
    const [a, b] = [await engine(), await engine()];
    // Seat clocks only move forward, so the new state must begin after what the engines know.
    clock += 40 * MIN;
    await database.db
      .update(seatStatus)
      .set({ state: "held", since: new Date(clock - 31 * MIN) })
      .where(eq(seatStatus.seatId, "1C"));
    await Promise.all([a.e.tick(), b.e.tick()]);
    expect([...a.recorder.summary(), ...b.recorder.summary()]).toEqual(["alert:raised seat-held 1C"]);
    const rows = await openRows();
    expect(rows.filter((r) => r.subject === "1C")).toHaveLength(1);
    await Promise.all([a.e.stop(), b.e.stop()]);
  });

  it("resolves an alert as soon as a live message ends its condition", async () => {
    const { e, recorder, live } = await engine();
    const change = { ...examples.seatChange, seat: "1A", from: "held", to: "occupied", at: clock };
    live.live("seatChange", event("seatChange", change, "c1"));
    live.live("availability", event("availability", { v: 1, state: "online", ts: clock }));
    await e.idle();
    expect(recorder.summary()).toEqual(["alert:resolved device-offline d1", "alert:resolved seat-held 1A"]);
    // What ingest writes meanwhile, so engines started later see the same state.
    await database.db
      .update(seatStatus)
      .set({ state: "occupied", since: new Date(clock) })
      .where(eq(seatStatus.seatId, "1A"));
    await database.db
      .update(devices)
      .set({ online: true, lastSeenAt: new Date(clock) })
      .where(eq(devices.id, "d1"));
    const [row] = await database.db.select().from(alerts).where(eq(alerts.subject, "1A"));
    expect(row?.resolvedAt?.getTime()).toBe(clock);
    // A heartbeat of a device already online changes nothing.
    live.live("health", event("health", examples.health));
    await e.idle();
    expect(recorder.sent).toHaveLength(2);
  });

  it("reports a camera only after a minute without streaming, through its reconnect attempts", async () => {
    const { e, recorder, live } = await engine();
    const status = (state: string, ts: number) =>
      event("cameraStatus", { ...examples.cameraStatus, state, ts }, "c1");
    live.live("cameraStatus", status("reconnecting", clock));
    clock += 30_000;
    live.live("cameraStatus", status("connecting", clock));
    live.live("cameraStatus", status("reconnecting", clock + 1));
    await e.tick();
    expect(recorder.sent).toEqual([]);
    clock += 31_000;
    await e.tick();
    expect(recorder.summary()).toEqual(["alert:raised camera-offline d1/c1"]);
    expect(recorder.sent[0]?.alert.since).toBe(clock - 61_000);
    live.live("cameraStatus", status("streaming", clock));
    await e.idle();
    expect(recorder.summary()).toContain("alert:resolved camera-offline d1/c1");
  });

  it("records an acknowledgement once, pushes it again, and hides other sites' alerts", async () => {
    const { e, recorder } = await engine();
    const [open] = await database.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.subject, "1B"), isNull(alerts.resolvedAt)));
    if (!open) throw new Error("seat-vacant 1B should be open");
    expect(await e.siteOf(open.id)).toBe("s1");
    await expect(e.acknowledge("s2", open.id, "other@example.com")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(e.acknowledge("s1", "no-such-id", "ops@example.com")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const row = await e.acknowledge("s1", open.id, "ops@example.com");
    expect(row).toMatchObject({ acknowledgedBy: "ops@example.com", resolvedAt: null });
    expect(recorder.sent).toEqual([
      {
        type: "alert:raised",
        alert: expect.objectContaining({
          id: open.id,
          acknowledgedAt: clock,
          acknowledgedBy: "ops@example.com",
        }),
      },
    ]);
    clock += 1000;
    const again = await e.acknowledge("s1", open.id, "late@example.com");
    expect(again.acknowledgedBy).toBe("ops@example.com");
    expect(recorder.sent).toHaveLength(1);
  });

  it("takes thresholds and seat configuration from the database on every tick", async () => {
    const { e, recorder } = await engine();
    clock += 20 * MIN;
    await database.db
      .update(seatStatus)
      .set({ state: "held", since: new Date(clock - 10 * MIN) })
      .where(eq(seatStatus.seatId, "1A"));
    await e.tick();
    expect(recorder.sent).toEqual([]);
    await database.db.update(sites).set({ alertHeldMinutes: 5 }).where(eq(sites.id, "s1"));
    await e.tick();
    expect(recorder.summary()).toEqual(["alert:raised seat-held 1A"]);
    await database.db.update(seats).set({ active: false }).where(eq(seats.id, "1A"));
    await e.tick();
    expect(recorder.summary()).toContain("alert:resolved seat-held 1A");
    expect((await openRows()).some((r) => r.subject === "1A")).toBe(false);
  });
}

describe("alert engine on PGlite", () => {
  engineSuite(() => openDatabase({ kind: "pglite", dir: "memory://" }));
});

describe("alert engine on PostgreSQL", () => {
  const postgres = useService(() => startPostgres({ database: "hub_alerts" }));
  engineSuite(async () => {
    const pg = postgres();
    expect(pg.kind).toBe("postgres");
    return openDatabase({ kind: "postgres", url: (pg as RealPostgres).url });
  });
});
