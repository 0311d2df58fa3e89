import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../../testing/fake-services.js";
import LiveSessionsPage from "./live-sessions-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const t0 = Date.parse("2026-01-05T09:00:00.000Z");
const row = (id: string, endedAt: string | null, source = "browser") => ({
  id,
  device: null,
  camera: null,
  source,
  learner: "learner-3",
  pausedMs: 0,
  startedAt: new Date(t0).toISOString(),
  lastEventAt: new Date(t0 + 60_000).toISOString(),
  endedAt,
  state: "focused",
  stateMs: {},
  focusPct: null,
  alerts: 0,
});
const info = (session: string, patch: object = {}) => ({
  site: "cafe",
  device: "hub",
  data: {
    session,
    learner: "learner-7",
    source: "browser",
    state: "distracted",
    since: Date.now() - 4_000,
    startedAt: t0 + 120_000,
    paused: false,
    ...patch,
  },
});

describe("LiveSessionsPage", () => {
  it("lists the running sessions and follows focus:session live events until they end", async () => {
    stubFetch({
      "GET /api/v1/sites/cafe/attention-sessions": () => ({
        sessions: [
          row("s-running", null),
          row("s-done", new Date(t0 + 90_000).toISOString()),
          row("s-edge", null, "edge"),
        ],
      }),
    });
    const { socket } = renderWithServices(<LiveSessionsPage />, { role: "site_manager" });
    await screen.findByText("Live focus sessions");
    await vi.waitFor(() => expect(document.querySelector('tr[data-session="s-running"]')).not.toBeNull());
    expect(document.querySelector('tr[data-session="s-running"]')?.textContent).toContain("learner-3");
    expect(document.querySelector('tr[data-session="s-done"]')).toBeNull();
    expect(document.querySelector('tr[data-session="s-edge"]')).toBeNull();

    act(() => socket.serverEmit("focus:session", info("s-new")));
    const fresh = document.querySelector('tr[data-session="s-new"]');
    expect(fresh?.textContent).toContain("learner-7");
    expect(fresh?.textContent).toContain("Looking away");
    expect(fresh?.textContent).toContain("in the browser");

    act(() => socket.serverEmit("live:batch", [["focus:session", info("s-new", { paused: true })]]));
    expect(document.querySelector('tr[data-session="s-new"]')?.textContent).toContain("Paused");

    act(() => socket.serverEmit("focus:session", info("s-new", { endedAt: Date.now() })));
    act(() => socket.serverEmit("focus:session", info("s-running", { endedAt: Date.now() })));
    expect(document.querySelector("tr[data-session]")).toBeNull();
    expect(screen.getByText("No focus session is running in this site.")).toBeDefined();
  });
});
