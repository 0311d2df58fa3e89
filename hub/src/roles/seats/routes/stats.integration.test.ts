import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { occupancyStats } from "../../../db/schema/index.js";
import { startTestHub, type TestHub } from "../../../http/http.test-support.js";

let hub: TestHub;
const M = 60_000; // one minute in ms
const range = "from=2025-03-03T00:00:00Z&to=2025-03-05T00:00:00Z";

type Row = typeof occupancyStats.$inferInsert;
function row(siteId: string, seatId: string, hour: string, r: Partial<Row>): Row {
  return { siteId, seatId, hour: new Date(hour), ...r };
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const [id, timezone] of [
    ["st", "UTC"],
    ["other", "UTC"],
    ["seoul", "Asia/Seoul"],
  ]) {
    await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, json: { id, name: id, timezone } });
  }
  await hub.database.db.insert(occupancyStats).values([
    row("st", "A", "2025-03-03T09:00:00Z", {
      occupiedMs: 45 * M,
      vacantMs: 15 * M,
      entries: 2,
      stays: 2,
      stayMsTotal: 50 * M,
    }),
    row("st", "A", "2025-03-03T10:00:00Z", { occupiedMs: 60 * M, stays: 1, stayMsTotal: 70 * M }),
    row("st", "B", "2025-03-03T09:00:00Z", {
      vacantMs: 30 * M,
      heldMs: 30 * M,
      entries: 1,
      heldIncidents: 1,
    }),
    row("st", "B", "2025-03-04T14:00:00Z", {
      occupiedMs: 30 * M,
      vacantMs: 30 * M,
      entries: 1,
      stays: 1,
      stayMsTotal: 30 * M,
    }),
    // The camera was down: unknown time is not "observed" and must not dilute occupancy.
    row("st", "A", "2025-03-04T14:00:00Z", { unknownMs: 60 * M }),
    // Outside the range and on another site: must not count.
    row("st", "A", "2025-03-05T09:00:00Z", { occupiedMs: 60 * M, entries: 5 }),
    row("other", "A", "2025-03-03T09:00:00Z", { occupiedMs: 60 * M, entries: 9 }),
    // 23:00 and 00:00 in Seoul: two different local days.
    row("seoul", "S1", "2025-03-03T14:00:00Z", { occupiedMs: 60 * M, entries: 1 }),
    row("seoul", "S1", "2025-03-03T15:00:00Z", { vacantMs: 60 * M }),
  ]);
});
afterAll(() => hub.close());

async function stats(site: string, query: string) {
  const r = await hub.call("GET", `/api/v1/sites/${site}/stats?${query}`, { token: hub.adminToken });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

describe("site statistics", () => {
  it("computes the site summary from the hourly roll-up", async () => {
    const s = await stats("st", range);
    expect(s.days).toBe(2);
    expect(s.summary).toEqual({
      seats: 2,
      occupancyPct: 56.25, // 135 occupied of 240 observed minutes
      heldPct: 12.5, // 30 of 240
      avgStayMs: 37.5 * M, // 150 minutes over 4 stays
      entries: 4,
      heldIncidents: 1,
      occupiedMs: 135 * M,
      vacantMs: 75 * M,
      heldMs: 30 * M,
      unknownMs: 60 * M,
      turnoverPerSeatPerDay: 1, // 4 entries / 2 seats / 2 days
      heldIncidentsPerDay: 0.5,
    });
  });

  it("buckets by day and by hour", async () => {
    const byDay = await stats("st", `${range}&bucket=day`);
    expect(
      byDay.series.map((b: { start: string; occupancyPct: number; avgStayMs: number; entries: number }) => [
        b.start,
        b.occupancyPct,
        b.avgStayMs,
        b.entries,
      ]),
    ).toEqual([
      ["2025-03-03T00:00:00.000Z", 58.33, 40 * M, 3], // 105 of 180 minutes; 120 min over 3 stays
      ["2025-03-04T00:00:00.000Z", 50, 30 * M, 1],
    ]);
    const byHour = await stats("st", `${range}&bucket=hour`);
    expect(
      byHour.series.map((b: { start: string; occupancyPct: number | null }) => [b.start, b.occupancyPct]),
    ).toEqual([
      ["2025-03-03T09:00:00.000Z", 37.5],
      ["2025-03-03T10:00:00.000Z", 100],
      ["2025-03-04T14:00:00.000Z", 50],
    ]);
  });

  it("ranks peak hours by average occupancy", async () => {
    const s = await stats("st", range);
    expect(s.peakHours).toEqual([
      { hour: 10, occupancyPct: 100 },
      { hour: 14, occupancyPct: 50 },
      { hour: 9, occupancyPct: 37.5 },
    ]);
  });

  it("reports per-seat figures and filters to one seat", async () => {
    const s = await stats("st", range);
    const bySeat = Object.fromEntries(s.seats.map((x: { seat: string }) => [x.seat, x]));
    expect(bySeat.A).toMatchObject({
      occupancyPct: 87.5,
      avgStayMs: 40 * M,
      entries: 2,
      turnoverPerDay: 1,
      heldIncidents: 0,
    });
    expect(bySeat.B).toMatchObject({
      occupancyPct: 25,
      heldPct: 25,
      avgStayMs: 30 * M,
      entries: 2,
      turnoverPerDay: 1,
      heldIncidents: 1,
    });
    const onlyB = await stats("st", `${range}&seat=B`);
    expect(onlyB.summary).toMatchObject({
      seats: 1,
      occupancyPct: 25,
      turnoverPerSeatPerDay: 1,
      heldIncidentsPerDay: 0.5,
    });
    expect(onlyB.seats.map((x: { seat: string }) => x.seat)).toEqual(["B"]);
  });

  it("uses the site's time zone for days and hours of day", async () => {
    const s = await stats("seoul", "from=2025-03-03T00:00:00Z&to=2025-03-05T00:00:00Z&bucket=day");
    expect(s.series.map((b: { start: string; occupancyPct: number }) => [b.start, b.occupancyPct])).toEqual([
      ["2025-03-02T15:00:00.000Z", 100], // Seoul's 3 March
      ["2025-03-03T15:00:00.000Z", 0], // Seoul's 4 March
    ]);
    expect(s.peakHours).toEqual([
      { hour: 23, occupancyPct: 100 },
      { hour: 0, occupancyPct: 0 },
    ]);
  });

  it("maps occupancy onto a weekday × hour heat map, Monday 00:00 first", async () => {
    const s = await stats("st", range); // 3 March 2025 is a Monday
    expect(s.heatmap).toHaveLength(7 * 24);
    expect(s.heatmap[0]).toEqual({ weekday: 0, hour: 0, occupancyPct: null });
    expect(s.heatmap[7 * 24 - 1]).toEqual({ weekday: 6, hour: 23, occupancyPct: null });
    const observed = s.heatmap.filter((c: { occupancyPct: number | null }) => c.occupancyPct !== null);
    expect(observed).toEqual([
      { weekday: 0, hour: 9, occupancyPct: 37.5 },
      { weekday: 0, hour: 10, occupancyPct: 100 },
      { weekday: 1, hour: 14, occupancyPct: 50 }, // A's unknown hour does not dilute B's
    ]);
  });

  it("adds up the same weekday and hour across weeks, in the site's time zone", async () => {
    await hub.call("POST", "/api/v1/sites", {
      token: hub.adminToken,
      json: { id: "weeks", name: "weeks", timezone: "Asia/Seoul" },
    });
    await hub.database.db.insert(occupancyStats).values([
      // Mondays 09:00 in Seoul, a week apart: 60 occupied + 60 vacant minutes = 50 %.
      row("weeks", "A", "2025-03-03T00:00:00Z", { occupiedMs: 60 * M }),
      row("weeks", "A", "2025-03-10T00:00:00Z", { vacantMs: 60 * M }),
      // Sunday 23:00 UTC is Monday 08:00 in Seoul.
      row("weeks", "A", "2025-03-09T23:00:00Z", { occupiedMs: 15 * M, vacantMs: 45 * M }),
    ]);
    const s = await stats("weeks", "from=2025-03-01T00:00:00Z&to=2025-03-15T00:00:00Z");
    const cell = (weekday: number, hour: number) =>
      s.heatmap.find((c: { weekday: number; hour: number }) => c.weekday === weekday && c.hour === hour);
    expect(cell(0, 9).occupancyPct).toBe(50);
    expect(cell(0, 8).occupancyPct).toBe(25);
    expect(cell(6, 23).occupancyPct).toBeNull();
    const seoul = await stats("seoul", range);
    expect(seoul.heatmap.filter((c: { occupancyPct: number | null }) => c.occupancyPct !== null)).toEqual([
      { weekday: 0, hour: 23, occupancyPct: 100 },
      { weekday: 1, hour: 0, occupancyPct: 0 },
    ]);
  });

  it("answers nulls rather than dividing by zero when nothing was observed", async () => {
    const s = await stats("st", "from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z");
    expect(s.summary).toMatchObject({
      seats: 0,
      occupancyPct: null,
      avgStayMs: null,
      turnoverPerSeatPerDay: null,
      entries: 0,
    });
    expect(s.series).toEqual([]);
    expect(s.heatmap.every((c: { occupancyPct: number | null }) => c.occupancyPct === null)).toBe(true);
  });
});
