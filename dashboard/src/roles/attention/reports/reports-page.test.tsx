import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../../testing/fake-services.js";
import ReportsPage from "./reports-page.js";

// happy-dom has no canvas 2D context: charts get an inert ECharts instance (options still computed).
vi.mock("./echarts.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./echarts.js")>()),
  init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const figures = (focusPct: number | null) => ({
  trackedMs: focusPct === null ? 0 : 600_000,
  focusPct,
  alerts: 1,
});
const trend = {
  site: "cafe",
  timezone: "Asia/Seoul",
  learner: null,
  from: "2026-01-01T00:00:00.000Z",
  to: "2026-01-29T00:00:00.000Z",
  sessions: 2,
  summary: {
    ...figures(72.5),
    stateMs: { focused: 435_000, drowsy: 0, yawning: 0, distracted: 165_000, absent: 0 },
    blinks: 120,
    blinkRatePerMin: 14.2,
  },
  byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, ...figures(hour === 9 ? 80 : null) })),
  byWeekday: Array.from({ length: 7 }, (_, weekday) => ({
    weekday,
    ...figures(weekday === 0 ? 72.5 : null),
  })),
  daily: [
    { date: "2026-01-05", ...figures(60) },
    { date: "2026-01-12", ...figures(85) },
  ],
  trend: { slopePctPerDay: 3.57, direction: "improving" },
};

describe("ReportsPage", () => {
  it("shows the over-time report and the period's sessions, each opening its own report", async () => {
    const calls = stubFetch({
      "GET /api/v1/sites/cafe/attention-reports": () => trend,
      "GET /api/v1/sites/cafe/attention-sessions": () => ({
        sessions: [
          {
            id: "s-other",
            device: null,
            camera: null,
            source: "browser",
            learner: "someone-else",
            pausedMs: 0,
            startedAt: "2026-01-11T00:00:00.000Z",
            lastEventAt: "2026-01-11T00:10:00.000Z",
            endedAt: "2026-01-11T00:10:00.000Z",
            state: "focused",
            stateMs: {},
            focusPct: 33,
            alerts: 0,
          },
          {
            id: "s-1",
            device: null,
            camera: null,
            source: "browser",
            learner: "u1",
            pausedMs: 0,
            startedAt: "2026-01-12T00:00:00.000Z",
            lastEventAt: "2026-01-12T00:10:00.000Z",
            endedAt: "2026-01-12T00:10:00.000Z",
            state: "focused",
            stateMs: {},
            focusPct: 85,
            alerts: 1,
          },
        ],
      }),
    });
    renderWithServices(<ReportsPage />);
    expect(await screen.findByText("Trend: improving (3.6 points a day)")).toBeDefined();
    expect(document.querySelector('[data-kpi="trend-focus"]')?.textContent).toBe("72.5 %");
    expect(screen.getByRole("heading", { name: "Focus by time of day" })).toBeDefined();
    expect(screen.getByRole("heading", { name: "Focus by weekday" })).toBeDefined();
    const query = calls.find((c) => c.url.pathname.endsWith("/attention-reports"))?.url.searchParams;
    expect(query?.get("learner")).toBe("me");
    expect(query?.get("from")).toMatch(/T00:00:00.000Z$/);
    expect(Date.parse(query?.get("to") ?? "") - Date.parse(query?.get("from") ?? "")).toBe(28 * 86_400_000);

    const row = await screen.findByText("85 %");
    expect(row.closest("tr")?.getAttribute("data-session")).toBe("s-1");
    // Someone else's session shows only when the manager widens the view to the whole site.
    expect(screen.queryByText("33 %")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Report" }));
    expect(screen.getByRole("heading", { name: "Session report" })).toBeDefined();
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.url.pathname.endsWith("/s-1/report")).map((c) => c.url.search)).toEqual([
        "",
        "?coaching=1",
      ]),
    );
    await userEvent.click(screen.getByRole("button", { name: "Close report" }));
    expect(screen.queryByRole("heading", { name: "Session report" })).toBeNull();

    await userEvent.click(screen.getByRole("checkbox", { name: "Only my sessions" }));
    expect(await screen.findByText("33 %")).toBeDefined();
    const wide = calls.filter((c) => c.url.pathname.endsWith("/attention-reports")).at(-1)?.url.searchParams;
    expect(wide?.has("learner")).toBe(false);
  });
});
