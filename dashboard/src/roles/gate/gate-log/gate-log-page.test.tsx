import type { GateLog } from "@sitewatch/hub/api-types";
import { examples, iso6346CheckDigit } from "@sitewatch/shared-protocol";
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
// The seat map's test services (real REST client over a stubbed fetch, fake socket) fit every page.
import { renderWithServices, stubFetch } from "../../../testing/fake-services.js";
import { cropPath } from "./crop-updates.js";
import { liveEntryRow } from "./gate-filters.js";
import GateLogPage from "./gate-log-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function entry(serial: string, at: number, ownerCode = "MSC") {
  const digit = iso6346CheckDigit(`${ownerCode}U${serial}`) as number;
  return {
    site: "cafe",
    device: "gate-edge",
    camera: "lane-1",
    data: {
      ...examples.gateEntry,
      id: `0193a6c0-0000-7000-8000-${serial.padStart(12, "0")}`,
      at,
      direction: "in" as const,
      container: { ownerCode, category: "U" as const, serial, checkDigit: digit, checkDigitValid: true },
      rawText: `${ownerCode}U ${serial} ${digit}`,
    },
  };
}

describe("GateLogPage", () => {
  it("queries with the filters, pages with the cursor, and shows matching live entries on the first page", async () => {
    const now = Date.now();
    const first: GateLog[] = [liveEntryRow(entry("100001", now - 60_000))];
    const older: GateLog[] = [liveEntryRow(entry("100000", now - 120_000))];
    const calls = stubFetch({
      "GET /api/v1/sites/cafe/gate-logs": (url) =>
        url.searchParams.get("cursor")
          ? { entries: older, nextCursor: null }
          : { entries: first, nextCursor: "c-1" },
    });
    const { socket } = renderWithServices(<GateLogPage />);
    expect(await screen.findByText(`MSCU 100001 ${first[0]?.checkDigit}`)).toBeDefined();
    expect(screen.getAllByText(/✓ valid/)).toHaveLength(1);

    // Older page through the cursor; a live entry is not pushed onto it.
    await userEvent.click(screen.getByRole("button", { name: "Load older" }));
    await screen.findByText(`MSCU 100000 ${older[0]?.checkDigit}`);
    expect(calls.at(-1)?.url.searchParams.get("cursor")).toBe("c-1");
    act(() => socket.serverEmit("gate:entry", entry("200000", now)));
    expect(screen.queryByText(/MSCU 200000/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Newer" }));
    await screen.findByText(/MSCU 100001/);

    // The number filter is debounced and normalised, and resets to the first page.
    await userEvent.type(screen.getByLabelText("Container number"), "mscu 1000");
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get("number")).toBe("MSCU1000"));
    expect(calls.at(-1)?.url.searchParams.get("numberMatch")).toBe("contains");
    const numberQueries = calls.filter((c) => c.url.searchParams.has("number"));
    expect(numberQueries).toHaveLength(1);
    expect(calls.at(-1)?.url.searchParams.has("cursor")).toBe(false);

    // A live entry that matches is shown at the top and highlighted; one that does not is ignored.
    act(() => socket.serverEmit("live:batch", [["gate:entry", entry("100002", now)]]));
    act(() => socket.serverEmit("gate:entry", entry("300000", now, "CSQ")));
    const rows = [...document.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.querySelector(".gate-number")?.textContent)).toEqual([
      `MSCU 100002 ${liveEntryRow(entry("100002", now)).checkDigit}`,
      `MSCU 100001 ${first[0]?.checkDigit}`,
    ]);
    expect(rows[0]?.className).toBe("gate-row-new");
    expect(screen.getByText(/New gate entry: MSCU 100002/)).toBeDefined();
    expect(screen.queryByText(/CSQU 300000/)).toBeNull();
  });

  it("marks another container of the same truck as one passage with the row above", async () => {
    const now = Date.now();
    const truck = "0193a6c0-0000-7000-8000-00000000aaaa";
    const other = "0193a6c0-0000-7000-8000-00000000bbbb";
    const withPassage = (serial: string, at: number, passage: string) => {
      const e = entry(serial, at);
      return liveEntryRow({ ...e, data: { ...e.data, passage } });
    };
    stubFetch({
      "GET /api/v1/sites/cafe/gate-logs": () => ({
        entries: [
          withPassage("100003", now - 1_000, other),
          withPassage("100002", now - 2_000, truck),
          withPassage("100001", now - 3_000, truck),
        ],
        nextCursor: null,
      }),
    });
    renderWithServices(<GateLogPage />);
    await screen.findByText(/MSCU 100001/);
    const rows = [...document.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.classList.contains("gate-row-same-passage"))).toEqual([false, false, true]);
    expect(screen.getAllByTitle("Same truck as the row above")).toHaveLength(1);
  });

  it("shows the live view and activity, and fills in a crop when the hub has stored it", async () => {
    // Without IntersectionObserver every thumbnail counts as in view (the lazy loading has its own test).
    vi.stubGlobal("IntersectionObserver", undefined);
    const now = Date.now();
    const listed = liveEntryRow(entry("100001", now - 60_000));
    const calls = stubFetch({
      "GET /api/v1/sites/cafe/gate-logs": () => ({ entries: [listed], nextCursor: null }),
      "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [] }),
      [`GET ${cropPath("cafe", listed.id)}`]: () => ({}),
    });
    const { socket } = renderWithServices(<GateLogPage />);
    await screen.findByText(/MSCU 100001/);
    expect(screen.getByRole("heading", { name: "Live view" })).toBeDefined();
    expect(await screen.findByText("This site has no gate camera.")).toBeDefined();
    expect(screen.getByRole("heading", { name: "Activity" })).toBeDefined();
    const cropCalls = () => calls.filter((c) => c.url.pathname.endsWith("/crop")).map((c) => c.url.pathname);
    expect(cropCalls()).toEqual([]);

    // The crop of a listed entry: its thumbnail appears; another site's crop changes nothing.
    const crop = (site: string, id: string) => ({
      site,
      device: "gate-edge",
      camera: "lane-1",
      data: { entry: id, width: 640, height: 360, at: now },
    });
    act(() => socket.serverEmit("gate:crop", crop("other", listed.id)));
    expect(cropCalls()).toEqual([]);
    act(() => socket.serverEmit("gate:crop", crop("cafe", listed.id)));
    expect(
      await screen.findByRole("img", { name: `Crop of ${listed.ownerCode}U 100001 ${listed.checkDigit}` }),
    ).toBeDefined();
    expect(cropCalls()).toEqual([cropPath("cafe", listed.id)]);

    // A crop that comes before its entry: the entry arrives with its thumbnail.
    const later = entry("100002", now);
    act(() => socket.serverEmit("gate:crop", crop("cafe", later.data.id)));
    act(() => socket.serverEmit("gate:entry", later));
    await waitFor(() => expect(cropCalls()).toContain(cropPath("cafe", later.data.id)));

    // An entry whose check digit failed is announced and listed as what was read, marked.
    const misread = entry("100003", now + 1);
    misread.data.container = { ...misread.data.container, checkDigit: 0, checkDigitValid: false };
    misread.data.rawText = "MSCU 1OOOO3 0";
    act(() => socket.serverEmit("gate:entry", misread));
    expect(screen.getByText("New gate entry: MSCU 1OOOO3 0 (not valid)")).toBeDefined();
    expect(document.querySelector("tbody tr .gate-number-unverified")?.textContent).toBe("MSCU 1OOOO3 0");
  });
});
