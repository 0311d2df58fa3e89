import type { Stats } from "@sitewatch/hub/api-types";
import { describe, expect, it } from "vitest";
import { buildCsv, csvField, SEAT_COLUMNS, seatsCsv, seriesCsv } from "./csv.js";

const figures = {
  occupancyPct: 50,
  heldPct: 10,
  avgStayMs: 61_400,
  entries: 4,
  heldIncidents: 1,
  occupiedMs: 3_600_000,
  vacantMs: 2_880_000,
  heldMs: 720_000,
  unknownMs: 0,
};

const stats: Stats = {
  site: "cafe-1",
  timezone: "Asia/Seoul",
  from: "2025-03-01T00:00:00.000Z",
  to: "2025-03-02T00:00:00.000Z",
  bucket: "hour",
  days: 1,
  summary: { ...figures, seats: 2, turnoverPerSeatPerDay: 2, heldIncidentsPerDay: 1 },
  series: [{ ...figures, start: "2025-03-01T09:00:00.000Z", occupancyPct: null, avgStayMs: null }],
  peakHours: [],
  heatmap: [],
  seats: [{ ...figures, seat: "1A", turnoverPerDay: 4 }],
};

describe("CSV builder", () => {
  it("quotes commas, quotes and line breaks, and leaves plain values alone", () => {
    expect(csvField("1A")).toBe("1A");
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(12.5)).toBe("12.5");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("defuses spreadsheet formulas in text but keeps negative numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2,3")).toBe(`"'-1+2,3"`);
    expect(csvField(-3)).toBe("-3");
  });

  it("writes a header row and CRLF-terminated rows", () => {
    expect(buildCsv(["a", "b"], [["x,y", 1]])).toBe('a,b\r\n"x,y",1\r\n');
  });

  it("exports per-seat figures with durations in seconds", () => {
    const lines = seatsCsv(stats).split("\r\n");
    expect(lines[0]).toBe(SEAT_COLUMNS.join(","));
    expect(lines[1]).toBe("1A,50,10,61,4,4,1,3600,2880,720,0");
    expect(lines).toHaveLength(3);
  });

  it("exports the series with empty cells where nothing was observed", () => {
    const [header, row] = seriesCsv(stats).split("\r\n");
    expect(header?.startsWith("start,occupancy_pct,")).toBe(true);
    expect(row).toBe("2025-03-01T09:00:00.000Z,,10,,4,1,3600,2880,720,0");
  });
});
