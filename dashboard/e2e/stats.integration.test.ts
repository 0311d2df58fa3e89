import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserUnavailable, shot, square, useE2eSession } from "./harness.js";

const MIN = 60_000;
// The exported files are read by scripts: their header is a contract.
const SEAT_HEADER =
  "seat,occupancy_pct,held_pct,avg_stay_s,entries,turnover_per_day,held_incidents,occupied_s,vacant_s,held_s,unknown_s";
const SERIES_HEADER =
  "start,occupancy_pct,held_pct,avg_stay_s,entries,held_incidents,occupied_s,vacant_s,held_s,unknown_s";

/** True when `n` chart boxes exist and ECharts put a canvas into each (it may add a hover layer). */
function chartsDrawn(n: number): boolean {
  const boxes = [...document.querySelectorAll(".chart-canvas")];
  return boxes.length === n && boxes.every((b) => b.querySelector("canvas") !== null);
}

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  const text = await readFile(await file.path(), "utf8");
  return { name: file.suggestedFilename(), text: text.replace(/^\uFEFF/, "") };
}

// The statistics page against a real hub (issue #6, item 4): seat changes published by a device are
// rolled up by the hub, charted by the page, and exported as CSV.
describe.skipIf(browserUnavailable)("statistics", () => {
  const s = useE2eSession({
    site: "cafe",
    device: {
      device: "edge-1",
      cameras: [
        {
          id: "cam-1",
          seats: [
            { id: "1A", polygon: square(0.1, 0.1) },
            { id: "1B", polygon: square(0.5, 0.1) },
          ],
        },
      ],
    },
    path: "stats",
    prepare: async ({ hub, device }) => {
      const now = Date.now();
      await device.seatChange("cam-1", "1A", "empty", "occupied", {
        at: now - 40 * MIN,
        vacancyMs: 20 * MIN,
      });
      await device.seatChange("cam-1", "1A", "occupied", "empty", { at: now - 10 * MIN, stayMs: 30 * MIN });
      await device.seatChange("cam-1", "1B", "empty", "held", { at: now - 30 * MIN, vacancyMs: 10 * MIN });
      await device.seatChange("cam-1", "1B", "held", "empty", { at: now - 5 * MIN });
      // The roll-up is written by the ingest batches: wait until the hub reports it.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const stats = (await hub.api("/api/v1/sites/cafe/stats")) as {
          summary: { entries: number; heldIncidents: number };
        };
        if (stats.summary.entries === 1 && stats.summary.heldIncidents === 1) break;
        if (Date.now() > deadline)
          throw new Error(`stats never showed the seat changes: ${JSON.stringify(stats.summary)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  });

  it("draws every chart, each titled and with a text alternative, under the KPIs", async () => {
    await s.page.locator(".kpi").first().waitFor();
    await s.page.waitForFunction(chartsDrawn, 5);
    const titles = await s.page.locator(".chart h3").allTextContents();
    expect(titles).toEqual([
      "Occupancy per day",
      "Peak times (weekday × hour)",
      "Average stay (minutes)",
      "Turnover per seat (entries per day)",
      "Held incidents per day",
    ]);
    for (const label of await s.page
      .locator(".chart [role=img]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label"))))
      expect(label).toMatch(/\d/);
    // The turnover chart's hidden table lists both seats.
    expect(await s.page.locator(".chart").nth(3).locator("tbody th").allTextContents()).toEqual(["1A", "1B"]);
    const kpis = await s.page.locator(".kpi").allTextContents();
    expect(kpis).toContain("Seats2");
    expect(kpis.find((k) => k.startsWith("Average stay"))).toBe("Average stay30 min");
    await shot(s.page, "stats");
  });

  it("exports the per-seat figures and the series as CSV files", async () => {
    const seats = await download(s.page, "Export seats (CSV)");
    expect(seats.name).toMatch(/^stats-cafe-seats-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = seats.text.split("\r\n");
    expect(lines[0]).toBe(SEAT_HEADER);
    expect(lines.filter((l) => /^1[AB],/.test(l))).toHaveLength(2);
    expect(lines.find((l) => l.startsWith("1A,"))?.split(",")[3]).toBe("1800");
    const series = await download(s.page, "Export series (CSV)");
    expect(series.text.split("\r\n")[0]).toBe(SERIES_HEADER);
  });

  it("switches to hourly figures for today", async () => {
    await s.page.getByLabel("Today").check();
    await s.page.locator(".chart h3", { hasText: "Occupancy over the day" }).waitFor();
    await s.page.waitForFunction(chartsDrawn, 5);
  });
});
