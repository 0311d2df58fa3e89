import { describe, expect, it } from "vitest";
import { buildTrendReport, type HourBucket, weekdayOf } from "./trend-report.js";

const MIN = 60_000;
const bucket = (
  day: string,
  hour: number,
  focusedMin: number,
  otherMin: number,
  over: Partial<HourBucket> = {},
) =>
  ({
    day,
    hour,
    stateMs: { focused: focusedMin * MIN, distracted: otherMin * MIN },
    blinks: 0,
    blinkFaceMs: 0,
    alerts: 0,
    ...over,
  }) satisfies HourBucket;

describe("weekdayOf", () => {
  it("numbers Monday 0 to Sunday 6", () => {
    expect(weekdayOf("2026-01-05")).toBe(0); // a Monday
    expect(weekdayOf("2026-01-11")).toBe(6);
  });
});

describe("buildTrendReport", () => {
  // Mornings focused, afternoons not; each day better than the one before.
  const buckets: HourBucket[] = [
    bucket("2026-01-05", 9, 30, 30, { alerts: 2, blinks: 600, blinkFaceMs: 60 * MIN }),
    bucket("2026-01-05", 14, 10, 50, { alerts: 5 }),
    bucket("2026-01-06", 9, 45, 15),
    bucket("2026-01-06", 14, 15, 45),
    bucket("2026-01-07", 9, 60, 0),
    bucket("2026-01-07", 14, 20, 40, { alerts: 1 }),
  ];
  const r = buildTrendReport(buckets);

  it("sums the range", () => {
    expect(r.summary.trackedMs).toBe(360 * MIN);
    expect(r.summary.focusPct).toBe(50);
    expect(r.summary.alerts).toBe(8);
    expect(r.summary.stateMs.distracted).toBe(180 * MIN);
    expect(r.summary.blinkRatePerMin).toBe(10);
  });

  it("gives all 24 hours and 7 weekdays, empty ones with null focus", () => {
    expect(r.byHour).toHaveLength(24);
    expect(r.byHour[9]).toEqual({ hour: 9, trackedMs: 180 * MIN, focusPct: 75, alerts: 2 });
    expect(r.byHour[14]).toEqual({ hour: 14, trackedMs: 180 * MIN, focusPct: 25, alerts: 6 });
    expect(r.byHour[3]).toEqual({ hour: 3, trackedMs: 0, focusPct: null, alerts: 0 });
    expect(r.byWeekday.map((w) => w.focusPct)).toEqual([33.33, 50, 66.67, null, null, null, null]);
  });

  it("follows the daily focus with a least-squares slope", () => {
    expect(r.daily.map((d) => [d.date, d.focusPct])).toEqual([
      ["2026-01-05", 33.33],
      ["2026-01-06", 50],
      ["2026-01-07", 66.67],
    ]);
    expect(r.trend).toEqual({ slopePctPerDay: 16.67, direction: "improving" });
  });

  it("weights days by tracked time, calls a flat line steady and a single day unknown", () => {
    const declining = buildTrendReport([
      bucket("2026-01-05", 9, 50, 10),
      bucket("2026-01-06", 9, 1, 1), // two minutes at 50 % barely move the line
      bucket("2026-01-08", 9, 20, 40),
    ]);
    expect(declining.trend.direction).toBe("declining");
    // The two outer days alone give -16.67; unweighted, the short day would pull it to -15.48.
    expect(declining.trend.slopePctPerDay).toBe(-16.61);
    const flat = buildTrendReport([bucket("2026-01-05", 9, 30, 30), bucket("2026-01-09", 9, 30, 30)]);
    expect(flat.trend).toEqual({ slopePctPerDay: 0, direction: "steady" });
    expect(buildTrendReport([bucket("2026-01-05", 9, 30, 30)]).trend).toEqual({
      slopePctPerDay: null,
      direction: null,
    });
  });

  it("reports nothing tracked as nulls, not zeros", () => {
    const empty = buildTrendReport([]);
    expect(empty.summary).toMatchObject({ trackedMs: 0, focusPct: null, blinkRatePerMin: null });
    expect(empty.daily).toEqual([]);
    expect(empty.trend.slopePctPerDay).toBeNull();
  });
});
