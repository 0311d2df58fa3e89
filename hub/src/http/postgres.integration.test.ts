import { type RealPostgres, startPostgres, useService } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { occupancyStats, seatStatus } from "../db/schema/index.js";
import { seedSite, startTestHub, type TestHub } from "./http.test-support.js";

// The same routes on a real PostgreSQL server: drivers differ in how they return bigint sums,
// timestamps and JSON, so a PGlite-only run could hide a mismatch.
const postgres = useService(() => startPostgres({ database: "hub_http" }));
let database: Database;
let hub: TestHub;

beforeAll(async () => {
  const pg = postgres();
  expect(pg.kind).toBe("postgres");
  database = await openDatabase({ kind: "postgres", url: (pg as RealPostgres).url });
  hub = await startTestHub({ database });
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe("REST on PostgreSQL", () => {
  it("logs in, creates a site, camera and seat, and serves the seat map", async () => {
    await seedSite(hub, "pg-site");
    const polygon = [
      [0.2, 0.2],
      [0.6, 0.2],
      [0.6, 0.7],
      [0.2, 0.7],
    ];
    const seat = await hub.call("POST", "/api/v1/sites/pg-site/seats", {
      token: hub.adminToken,
      json: { id: "1A", device: "d1", camera: "c1", polygon, layout: { x: 0.5, y: 0.25 } },
    });
    expect(seat.status, seat.text).toBe(201);
    const bowTie = await hub.call("POST", "/api/v1/sites/pg-site/seats", {
      token: hub.adminToken,
      json: {
        id: "1B",
        device: "d1",
        camera: "c1",
        polygon: [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ],
      },
    });
    expect(bowTie.body.error.code).toBe("INVALID_POLYGON");

    const since = new Date("2025-06-01T12:00:00.000Z");
    await database.db
      .insert(seatStatus)
      .values({ siteId: "pg-site", seatId: "1A", state: "held", since, confidence: 0.75 });
    const map = await hub.call("GET", "/api/v1/sites/pg-site/seat-map", { token: hub.adminToken });
    expect(map.status).toBe(200);
    expect(map.body.seats).toEqual([
      {
        seat: "1A",
        kind: "desk",
        device: "d1",
        camera: "c1",
        polygon,
        layout: { x: 0.5, y: 0.25 },
        state: "held",
        since: since.getTime(),
        confidence: 0.75,
      },
    ]);
    expect(map.body.summary).toEqual({ total: 1, empty: 0, occupied: 0, held: 1, unknown: 0 });
  });

  it("computes statistics with the same figures as on PGlite", async () => {
    await database.db.insert(occupancyStats).values([
      {
        siteId: "pg-site",
        seatId: "1A",
        hour: new Date("2025-06-02T09:00:00Z"),
        occupiedMs: 2_700_000,
        vacantMs: 900_000,
        entries: 3,
        stays: 2,
        stayMsTotal: 3_000_000,
      },
      {
        siteId: "pg-site",
        seatId: "1A",
        hour: new Date("2025-06-02T10:00:00Z"),
        occupiedMs: 900_000,
        heldMs: 2_700_000,
        heldIncidents: 1,
      },
    ]);
    const r = await hub.call(
      "GET",
      "/api/v1/sites/pg-site/stats?from=2025-06-02T00:00:00Z&to=2025-06-03T00:00:00Z&bucket=hour",
      {
        token: hub.adminToken,
      },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.summary).toMatchObject({
      seats: 1,
      occupancyPct: 50,
      avgStayMs: 1_500_000,
      turnoverPerSeatPerDay: 3,
      heldIncidentsPerDay: 1,
    });
    expect(r.body.series.map((b: { start: string }) => b.start)).toEqual([
      "2025-06-02T09:00:00.000Z",
      "2025-06-02T10:00:00.000Z",
    ]);
    expect(r.body.peakHours[0]).toEqual({ hour: 9, occupancyPct: 75 });
  });

  it("keeps tokens, access log and error shape working", async () => {
    const token = await hub.call("POST", "/api/v1/tokens", { token: hub.adminToken, json: { name: "pg" } });
    expect((await hub.call("GET", "/api/v1/sites", { token: token.body.token })).status).toBe(200);
    const dup = await hub.call("POST", "/api/v1/sites", {
      token: hub.adminToken,
      json: { id: "pg-site", name: "again" },
    });
    expect(dup.body.error.code).toBe("CONFLICT");
    await hub.accessLog.flush();
    const rows = await database.db.query.accessLog.findMany();
    expect(rows.length).toBeGreaterThan(5);
  });
});
