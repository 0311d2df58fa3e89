import { examples } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cameras, devices, gateLogs, seatStatus, seats } from "../db/schema/index.js";
import { connected, type SocketFixture, startSocketFixture } from "./socket-fixture.test-support.js";

let fx: SocketFixture;
const T0 = Date.parse("2025-11-24T08:00:00Z");
const square: [number, number][] = [
  [0.1, 0.1],
  [0.2, 0.1],
  [0.2, 0.2],
];

beforeAll(async () => {
  fx = await startSocketFixture();
  const { db } = fx.database;
  await db
    .update(devices)
    .set({ lastSeenAt: new Date(T0), agentVersion: "0.1.0", health: examples.health })
    .where(and(eq(devices.siteId, "site-a"), eq(devices.id, "edge-01")));
  await db
    .update(cameras)
    .set({ state: "reconnecting", stateReason: "RTSP timeout", stateAt: new Date(T0) })
    .where(eq(cameras.siteId, "site-a"));
  await db.insert(seats).values(
    ["1A", "1B", "1C"].map((id) => ({
      siteId: "site-a",
      id,
      deviceId: "edge-01",
      cameraId: "cam-01",
      polygon: square,
    })),
  );
  // A seat of the other site must not show up in site-a's snapshot.
  await db
    .insert(seats)
    .values({ siteId: "site-b", id: "9Z", deviceId: "edge-01", cameraId: "cam-01", polygon: square });
  await db.insert(seatStatus).values([
    { siteId: "site-a", seatId: "1A", state: "occupied", since: new Date(T0 - 60_000), confidence: 0.9 },
    { siteId: "site-a", seatId: "1B", state: "held", since: new Date(T0 - 600_000), confidence: 0.8 },
  ]);
  const gate = (i: number, site = "site-a") => ({
    id: `0193a6c0-4f2e-7b41-8c3d-${String(i).padStart(12, "0")}`,
    siteId: site,
    deviceId: "edge-01",
    cameraId: "cam-01",
    at: new Date(T0 + i * 1000),
    ownerCode: "CSQ",
    category: "U",
    serial: "305438",
    checkDigit: 3,
    checkDigitValid: true,
    containerNumber: "CSQU3054383",
    rawText: `entry ${i}`,
    direction: "in",
    confidence: 0.9,
    seq: i,
  });
  await db.insert(gateLogs).values(Array.from({ length: 25 }, (_, i) => gate(i + 1)));
  await db.insert(gateLogs).values(gate(99, "site-b"));
});
afterAll(() => fx.close());

describe("joining a site", () => {
  it("sends the current state before the acknowledgement", async () => {
    const client = fx.connect(fx.managerToken);
    await connected(client);
    const events: { name: string; payload: unknown }[] = [];
    client.onAny((name: string, payload: unknown) => events.push({ name, payload }));
    const ack = await client.timeout(5_000).emitWithAck("site:join", { site: "site-a" });
    expect(ack).toMatchObject({ ok: true, data: { joinedAt: expect.any(Number) } });

    const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.payload);
    expect(named("device:availability")).toEqual([
      { site: "site-a", device: "edge-01", data: { v: 1, state: "online", ts: T0, agentVersion: "0.1.0" } },
    ]);
    expect(named("device:health")).toEqual([
      { site: "site-a", device: "edge-01", data: expect.objectContaining({ uptimeS: 86_400, cpuPct: 63.5 }) },
    ]);
    expect(named("camera:status")).toEqual([
      {
        site: "site-a",
        device: "edge-01",
        camera: "cam-01",
        data: expect.objectContaining({ state: "reconnecting", reason: "RTSP timeout", ts: T0 }),
      },
    ]);
    const snapshots = named("seat:snapshot") as { camera: string; data: { seats: unknown[] } }[];
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.camera).toBe("cam-01");
    expect(snapshots[0]?.data.seats).toEqual([
      { seat: "1A", state: "occupied", since: T0 - 60_000, confidence: 0.9 },
      { seat: "1B", state: "held", since: T0 - 600_000, confidence: expect.closeTo(0.8, 5) },
      { seat: "1C", state: "unknown", since: expect.any(Number), confidence: 0 },
    ]);
    const gate = named("gate:entry") as { site: string; data: { rawText: string; container?: unknown } }[];
    // The last 20 of 25, oldest first, and nothing from site-b.
    expect(gate.map((g) => g.data.rawText)).toEqual(Array.from({ length: 20 }, (_, i) => `entry ${i + 6}`));
    expect(gate.every((g) => g.site === "site-a")).toBe(true);
    expect(gate[0]?.data.container).toEqual({
      ownerCode: "CSQ",
      category: "U",
      serial: "305438",
      checkDigit: 3,
      checkDigitValid: true,
    });
    client.disconnect();
  });

  it("sends nothing of a site the caller may not see", async () => {
    const client = fx.connect(fx.managerToken);
    await connected(client);
    const names: string[] = [];
    client.onAny((name: string) => {
      if (name !== "server:hello") names.push(name);
    });
    const ack = await client.timeout(5_000).emitWithAck("site:join", { site: "site-b" });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(names).toEqual([]);
    client.disconnect();
  });
});
