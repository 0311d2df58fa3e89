import { examples } from "@sitewatch/shared-protocol";
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hubError, renderWithServices, stubFetchReplies } from "../../testing/fake-services.js";
import type { Playback } from "./archive-api.js";
import ArchivePage from "./archive-page.js";
import { camera, deferred, segment, T0, TEN_MIN } from "./testing/archive-fixtures.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const DOOR = "/api/v1/sites/cafe/devices/edge-1/cameras/door/segments";
const YARD = "/api/v1/sites/cafe/devices/edge-2/cameras/yard/segments";
const playback: Playback = {
  url: "/api/v1/playback/ticket-1.mp4",
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  bytes: 120_000_000,
  startedAt: new Date(T0).toISOString(),
  durationMs: TEN_MIN,
};

function routes(extra: Record<string, (url: URL) => unknown> = {}) {
  return stubFetchReplies({
    "GET /api/v1/sites/cafe/cameras": () => ({
      cameras: [camera("edge-1", "door", "Door"), camera("edge-2", "yard", "Yard", "gate")],
    }),
    // Newest first: 3, then 1 (nothing recorded while 2 would have run), then 0 on the older page.
    [`GET ${DOOR}`]: (url) =>
      url.searchParams.get("cursor") === "c-1"
        ? { segments: [segment(0)], nextCursor: null }
        : { segments: [segment(3), segment(1)], nextCursor: "c-1" },
    [`GET ${YARD}`]: () => ({ segments: [], nextCursor: null }),
    "GET /api/v1/sites/cafe/analysis-jobs": () => ({ jobs: [], nextCursor: null }),
    ...extra,
  });
}

const rows = () => [...document.querySelectorAll(".segment-table tbody tr")].map((r) => r.textContent);

describe("ArchivePage", () => {
  it("lists the chosen camera's recordings with the gaps between them, older pages, and new ones live", async () => {
    const calls = routes();
    const { socket } = renderWithServices(<ArchivePage />);
    await screen.findByText("Recordings");
    await waitFor(() => expect(document.querySelectorAll("tr[data-segment]")).toHaveLength(2));
    expect(screen.getByRole("combobox", { name: "Camera" })).toBeDefined();
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual([
      "edge-1 / Door (door)",
      "edge-2 / Yard (yard)",
    ]);
    expect(rows()[1]).toBe("Not recorded for 10 min");
    expect(calls.find((c) => c.url.pathname === DOOR)?.url.searchParams.get("limit")).toBe("50");

    await userEvent.click(screen.getByRole("button", { name: "Load older" }));
    await waitFor(() => expect(document.querySelectorAll("tr[data-segment]")).toHaveLength(3));
    expect(calls.at(-1)?.url.searchParams.get("cursor")).toBe("c-1");
    expect(screen.queryByRole("button", { name: "Load older" })).toBeNull();

    // A segment the device just closed joins the top; another camera's does not.
    const s4 = segment(4);
    const ready = (cam: string, n: number) => ({
      site: "cafe",
      device: "edge-1",
      camera: cam,
      data: {
        ...examples.segmentReady,
        id: s4.id,
        segment: `seg-${n}`,
        startedAt: s4.startedAt,
        durationMs: TEN_MIN,
        bytes: 1,
      },
    });
    act(() => socket.serverEmit("archive:segment", ready("door", 4)));
    act(() => socket.serverEmit("live:batch", [["archive:segment", ready("yard", 5)]]));
    expect(
      [...document.querySelectorAll("tr[data-segment]")].map((r) => r.getAttribute("data-segment")),
    ).toEqual(["seg-4", "seg-3", "seg-1", "seg-0"]);
  });

  it("plays a recording: how long the device has been uploading it, then the video", async () => {
    const answer = deferred<Playback>();
    const calls = routes({
      [`POST /api/v1/sites/cafe/segments/${segment(3).id}/playback`]: () => answer.promise,
    });
    renderWithServices(<ArchivePage />);
    const row = await screen.findByText((_, el) => el?.getAttribute("data-segment") === "seg-3");
    await userEvent.click(within(row as HTMLElement).getByRole("button"));
    const status = await screen.findByText(/^Fetching 120 MB from the device… \d+ s$/);
    expect(status).toBeDefined();
    expect(document.querySelector("progress")).not.toBeNull();
    expect(calls.at(-1)?.method).toBe("POST");
    expect(within(row as HTMLElement).getByRole("button").textContent).toBe("Playing");

    await act(async () => answer.resolve(playback));
    const video = document.querySelector(".archive-video") as HTMLVideoElement;
    expect(video.getAttribute("src")).toBe(playback.url);
    expect(document.querySelector("progress")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(document.querySelector(".archive-video")).toBeNull();
  });

  it("says why a recording cannot be played, and plays it again when asked", async () => {
    let answers = 0;
    routes({
      [`POST /api/v1/sites/cafe/segments/${segment(1).id}/playback`]: () =>
        ++answers === 1 ? hubError(503, "DEVICE_OFFLINE", "device edge-1 is offline") : playback,
    });
    renderWithServices(<ArchivePage />);
    const row = await screen.findByText((_, el) => el?.getAttribute("data-segment") === "seg-1");
    await userEvent.click(within(row as HTMLElement).getByRole("button"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(
      /^The device is offline; its recordings can be played once it is back: device edge-1 is offline/,
    );
    await userEvent.click(screen.getByRole("button", { name: "Play again" }));
    await waitFor(() =>
      expect(document.querySelector(".archive-video")?.getAttribute("src")).toBe(playback.url),
    );
    // A link that stopped working (the ticket expired) is said so too.
    fireEvent.error(document.querySelector(".archive-video") as HTMLVideoElement);
    expect(screen.getByRole("alert").textContent).toMatch(/^The browser could not play the recording/);
  });

  it("shows another camera's archive when it is chosen", async () => {
    const calls = routes();
    renderWithServices(<ArchivePage />);
    await waitFor(() => expect(document.querySelectorAll("tr[data-segment]")).toHaveLength(2));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Camera" }), "edge-2/yard");
    await screen.findByText(/^No recordings of this camera yet/);
    expect(calls.some((c) => c.url.pathname === YARD)).toBe(true);
    const jobQueries = calls.filter((c) => c.url.pathname === "/api/v1/sites/cafe/analysis-jobs");
    expect(jobQueries.at(-1)?.url.searchParams.get("device")).toBe("edge-2");
    expect(jobQueries.at(-1)?.url.searchParams.get("camera")).toBe("yard");
    expect(screen.getByLabelText("Live video of Yard")).toBeDefined();
  });
});
