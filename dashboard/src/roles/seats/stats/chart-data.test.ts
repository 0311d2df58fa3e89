import type { Stats } from "@sitewatch/hub/api-types";
import { describe, expect, it } from "vitest";
import { buckets, peakOf, weekdayNames } from "./chart-data.js";

const figures = {
  occupancyPct: 40,
  heldPct: 0,
  avgStayMs: 60_000,
  entries: 1,
  heldIncidents: 0,
  occupiedMs: 1,
  vacantMs: 1,
  heldMs: 0,
  unknownMs: 0,
};

function stats(partial: Partial<Stats>): Stats {
  return {
    site: "s",
    timezone: "Asia/Seoul",
    from: "2025-03-02T15:00:00.000Z",
    to: "2025-03-09T15:00:00.000Z",
    bucket: "day",
    days: 7,
    summary: { ...figures, seats: 1, turnoverPerSeatPerDay: 1, heldIncidentsPerDay: 0 },
    series: [],
    peakHours: [],
    heatmap: [],
    seats: [],
    ...partial,
  };
}

describe("chart buckets", () => {
  it("lists every day of the range in the site's time zone, with figures only where the hub had some", () => {
    const b = buckets(stats({ series: [{ ...figures, start: "2025-03-04T15:00:00.000Z" }] }), "en");
    expect(b).toHaveLength(7);
    expect(b.map((x) => x.label)[0]).toBe("Mon 03/03");
    expect(b.findIndex((x) => x.figures)).toBe(2);
    expect(b.filter((x) => x.figures)).toHaveLength(1);
  });

  it("lists 23 hours on the day clocks go forward", () => {
    const b = buckets(
      stats({
        timezone: "Europe/Berlin",
        bucket: "hour",
        from: "2025-03-29T23:00:00.000Z",
        to: "2025-03-30T22:00:00.000Z",
        series: [{ ...figures, start: "2025-03-30T01:00:00.000Z" }],
      }),
      "en",
    );
    expect(b).toHaveLength(23);
    expect(b.map((x) => x.label).slice(0, 4)).toEqual(["00:00", "01:00", "03:00", "04:00"]);
    expect(b[2]?.figures).toBeDefined();
  });

  it("names weekdays from Monday and finds the peak", () => {
    expect(weekdayNames("en")[0]).toBe("Mon");
    expect(weekdayNames("ko")[6]).toBe("일");
    expect(peakOf(["a", "b", "c"], [1, null, 3])).toEqual({ label: "c", value: 3 });
    expect(peakOf(["a"], [null])).toBeUndefined();
  });
});
