import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stubFetch } from "../../../testing/fake-services.js";
import { at, fakeDevice, renderFocus } from "./testing/focus-fixtures.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("FocusPage, end of a session", () => {
  it("follows the hub when it ends the session itself: camera off, figures shown", async () => {
    const device = fakeDevice();
    stubFetch({});
    const { socket, sent } = renderFocus(device.env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(0));
    const summary = {
      session: "s-1",
      startedAt: 1,
      endedAt: 2,
      activeMs: 90_000,
      pausedMs: 0,
      samples: 10,
      stateMs: { focused: 90_000 },
      focusPct: 40,
      alerts: 2,
      blinks: 3,
    };
    act(() => socket.serverEmit("focus:ended", { reason: "idle", summary: { ...summary, session: "s-9" } }));
    expect(screen.getByRole("button", { name: "End session" })).toBeDefined();
    act(() => socket.serverEmit("focus:ended", { reason: "idle", summary }));
    expect(device.tracks[0]?.stopped).toBe(true);
    expect(document.querySelector("[data-camera]")).toBeNull();
    expect(document.querySelector('[data-kpi="focus"]')?.textContent).toBe("40 %");
    expect(sent("focus:end")).toHaveLength(0);
    const count = sent("focus:sample").length;
    await new Promise((r) => setTimeout(r, 100));
    expect(sent("focus:sample")).toHaveLength(count);
  });

  it("ends the session, turns the camera off and shows the session's report", async () => {
    const device = fakeDevice();
    const report = stubFetch({
      "GET /api/v1/sites/cafe/attention-sessions/s-1/report": () => ({
        session: "s-1",
        source: "browser",
        learner: "u1",
        language: "en",
        startedAt: "2026-01-05T09:00:00.000Z",
        endedAt: "2026-01-05T09:01:00.000Z",
        until: "2026-01-05T09:01:00.000Z",
        trackedMs: 60_000,
        pausedMs: 0,
        focusPct: 75,
        states: {
          focused: { episodes: 2, ms: 45_000, longestMs: 30_000, pct: 75 },
          drowsy: { episodes: 0, ms: 0, longestMs: 0, pct: 0 },
          yawning: { episodes: 0, ms: 0, longestMs: 0, pct: 0 },
          distracted: { episodes: 1, ms: 15_000, longestMs: 15_000, pct: 25 },
          absent: { episodes: 0, ms: 0, longestMs: 0, pct: 0 },
        },
        timeline: [
          { state: "focused", start: at(0), end: at(30), durationMs: 30_000 },
          { state: "distracted", start: at(30), end: at(45), durationMs: 15_000 },
          { state: "focused", start: at(45), end: at(60), durationMs: 15_000 },
        ],
        alerts: [{ kind: "distracted", at: at(35), durationMs: 5_000 }],
        alertCounts: { drowsy: 0, yawning: 0, distracted: 1, absent: 0 },
        blinks: { total: 12, perMinute: 12 },
        minutes: [],
        halves: { first: 50, second: 100 },
        coaching: { text: "Short breaks help.", language: "en", source: "rules" },
      }),
    });
    const { sent } = renderFocus(device.env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(0));
    await userEvent.click(screen.getByRole("button", { name: "End session" }));
    expect(sent("focus:end")[0]?.payload).toEqual({ session: "s-1" });
    expect(device.tracks[0]?.stopped).toBe(true);
    expect(await screen.findByText("Short breaks help.")).toBeDefined();
    expect(report.map((c) => c.url.pathname)).toContain("/api/v1/sites/cafe/attention-sessions/s-1/report");
    expect(document.querySelector('[data-kpi="focus"]')?.textContent).toBe("75 %");
    expect(document.querySelectorAll(".focus-span")).toHaveLength(3);
    expect(document.querySelector('tr[data-state="distracted"]')?.textContent).toContain("25 %");
  });

  it("ends the session and turns the camera off when the learner leaves the page", async () => {
    const device = fakeDevice();
    const { sent, unmount } = renderFocus(device.env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(0));
    unmount();
    expect(sent("focus:end").map((r) => r.payload)).toEqual([{ session: "s-1" }]);
    expect(device.tracks[0]?.stopped).toBe(true);
  });
});
