import { describe, expect, it } from "vitest";
import { daysIn, presetRange, statsQuery, validRange } from "./date-range.js";

describe("date ranges", () => {
  const now = new Date(2025, 2, 10, 15, 30);

  it("presets end today and span whole days", () => {
    expect(presetRange("today", now)).toEqual({ preset: "today", from: "2025-03-10", to: "2025-03-10" });
    expect(presetRange("7d", now)).toEqual({ preset: "7d", from: "2025-03-04", to: "2025-03-10" });
    expect(daysIn(presetRange("30d", now))).toBe(30);
  });

  it("asks for hourly buckets for one day and daily buckets otherwise, with an exclusive end", () => {
    const day = statsQuery(presetRange("today", now));
    expect(day.bucket).toBe("hour");
    expect(new Date(day.to).getTime() - new Date(day.from).getTime()).toBe(86_400_000);
    expect(new Date(day.from).getHours()).toBe(0);
    const week = statsQuery(presetRange("7d", now), "1A");
    expect(week.bucket).toBe("day");
    expect(week.seat).toBe("1A");
    expect(statsQuery(presetRange("7d", now), "").seat).toBeUndefined();
  });

  it("rejects a custom range that ends before it starts", () => {
    expect(validRange({ preset: "custom", from: "2025-03-05", to: "2025-03-04" })).toBe(false);
    expect(validRange({ preset: "custom", from: "2025-03-05", to: "2025-03-05" })).toBe(true);
    expect(validRange({ preset: "custom", from: "", to: "2025-03-05" })).toBe(false);
  });
});
