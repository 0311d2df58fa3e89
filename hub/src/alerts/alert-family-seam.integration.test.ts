import type { HubAlert, LiveEvent } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { alerts, devices, sites } from "../db/schema/index.js";
import { createHubEventBus, type HubEventBus } from "../events/domain-events.js";
import { createLogger } from "../observability/logger.js";
import { hubRoles, roleAlertFamilies } from "../roles/role-table.js";
import { type AlertEngine, createAlertEngine } from "./alert-engine.js";
import { probeFamily } from "./alert-family.test-support.js";
import { cameraAlerts } from "./camera-alerts.js";

/**
 * The alert seam followed from a test, as "Adding a role" describes it: a family registered through
 * the role table raises and resolves its own kind from its own event, and the engine never names it.
 * The probe borrows `device-offline` and takes the device core's place for it.
 */
const logger = createLogger("silent");
const probe = probeFamily("device-offline", () => [{ site: "s1", subject: "gate-cam", stored: undefined }]);
const roles = hubRoles.map((r) =>
  r.name === "device" ? { ...r, alerts: [cameraAlerts, { ...probe, knownOnly: true as const }] } : r,
);

let database: Database;
let events: HubEventBus;
let engine: AlertEngine;
let clock = Date.UTC(2025, 10, 24, 9);
const sent: string[] = [];

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dir: "memory://" });
  await runMigrations(database);
  await database.db.insert(sites).values({ id: "s1", name: "S1" });
  // Offline since long ago: the device core's family would raise device-offline for it, the probe does not.
  await database.db.insert(devices).values({
    siteId: "s1",
    id: "d1",
    name: "D1",
    mqttUsername: "s1.d1",
    passwordHash: "unused",
    online: false,
    lastSeenAt: new Date(clock - 60 * 60_000),
  });
  events = createHubEventBus({ logger });
  const record = (type: string) => (a: HubAlert) => void sent.push(`${type} ${a.kind} ${a.subject}`);
  events.on("alertRaised", record("raised"));
  events.on("alertResolved", record("resolved"));
  engine = createAlertEngine({
    database,
    events,
    logger,
    families: roleAlertFamilies(roles),
    now: () => clock,
    tickMs: 3_600_000,
  });
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await database?.close();
});

const gateEntry = (camera: string, confidence: number) =>
  events.emit("gateEntry", {
    site: "s1",
    device: "d1",
    camera,
    data: { confidence, at: clock } as never,
  } as LiveEvent<"gateEntry">);

describe("an alert family registered from a test (integration)", () => {
  it("raises and resolves its own kind from its own event, for configured subjects only", async () => {
    expect(sent).toEqual([]);
    gateEntry("other-cam", 0.1);
    gateEntry("gate-cam", 0.2);
    await engine.idle();
    expect(sent).toEqual(["raised device-offline gate-cam"]);
    const [row] = await database.db.select().from(alerts);
    expect(row).toMatchObject({ kind: "device-offline", subject: "gate-cam", resolvedAt: null });
    expect(row?.message).toContain("Gate gate-cam read at 0.2");
    clock += 60_000;
    gateEntry("gate-cam", 0.9);
    await engine.idle();
    expect(sent).toEqual(["raised device-offline gate-cam", "resolved device-offline gate-cam"]);
    const [closed] = await database.db.select().from(alerts).where(eq(alerts.subject, "gate-cam"));
    expect(closed?.resolvedAt?.getTime()).toBe(clock);
  });

  it("refuses to start with a kind no family raises, or one two families claim", () => {
    const deps = { database, events, logger };
    const withoutProbe = roleAlertFamilies(roles).filter((f) => f.name !== "probe");
    expect(() => createAlertEngine({ ...deps, families: withoutProbe })).toThrow(
      'alert kind "device-offline" is raised by no alert family',
    );
    expect(() => createAlertEngine({ ...deps, families: [...roleAlertFamilies(), probe] })).toThrow(
      'alert kind "device-offline" is claimed by two alert families: device and probe',
    );
    // The registered roles raise every kind once.
    expect(() => createAlertEngine({ ...deps, families: roleAlertFamilies() })).not.toThrow();
    expect(roleAlertFamilies().map((f) => f.name)).toEqual(["seat", "camera", "device"]);
  });
});
