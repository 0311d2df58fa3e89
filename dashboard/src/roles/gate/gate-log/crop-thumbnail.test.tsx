import type { GateLog } from "@sitewatch/hub/api-types";
import { examples } from "@sitewatch/shared-protocol";
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import { cropPath } from "./crop-updates.js";
import { liveEntryRow } from "./gate-filters.js";
import { GateLogTable } from "./gate-log-table.js";

/** Stands in for IntersectionObserver (happy-dom's never reports): `show` scrolls elements into view. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly elements = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeObserver.all.push(this);
  }
  observe(element: Element) {
    this.elements.add(element);
  }
  disconnect() {
    this.elements.clear();
  }
  static show(match: (element: Element) => boolean) {
    for (const o of FakeObserver.all)
      for (const element of [...o.elements].filter(match))
        o.callback([{ isIntersecting: true, target: element } as never], o as never);
  }
}

const fetched: string[] = [];
beforeEach(() => {
  FakeObserver.all = [];
  fetched.length = 0;
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const url = new URL(input, "http://hub.test");
      fetched.push(url.pathname);
      if (url.pathname.includes("broken"))
        return Response.json({ error: { code: "INTERNAL", message: "disk" } }, { status: 500 });
      return new Response(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }));
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const base = liveEntryRow({
  site: "cafe",
  device: "gate-edge",
  camera: "lane-1",
  data: { ...examples.gateEntry, direction: "in" },
});
function row(id: string, patch: Partial<GateLog> = {}): GateLog {
  return { ...base, id, cropUrl: cropPath("cafe", id), ...patch };
}
const inRow = (id: string) => (element: Element) => element.closest("tr")?.getAttribute("data-id") === id;

describe("crop thumbnails in the gate log", () => {
  it("load only for rows in view, open larger, and release their pictures", async () => {
    const created = vi.spyOn(URL, "createObjectURL");
    const revoked = vi.spyOn(URL, "revokeObjectURL");
    const entries = [row("a"), row("b"), row("c", { cropUrl: undefined })];
    const { unmount } = renderWithServices(<GateLogTable entries={entries} fresh={new Set()} />);
    expect(screen.getAllByRole("img", { name: "Loading the crop" })).toHaveLength(2);
    expect(fetched).toEqual([]);

    act(() => FakeObserver.show(inRow("a")));
    const thumb = (await screen.findByRole("img", { name: "Crop of CSQU 305438 3" })) as HTMLImageElement;
    expect(fetched).toEqual(["/api/v1/sites/cafe/gate-logs/a/crop"]);
    expect(thumb.src).toMatch(/^blob:/);
    // Row b is still out of view; row c has no crop and says so with a dash.
    expect(screen.getAllByRole("img", { name: "Loading the crop" })).toHaveLength(1);
    expect(document.querySelector('[data-id="c"] .crop-none')?.textContent).toBe("–");

    await userEvent.click(screen.getByRole("button", { name: "Crop of CSQU 305438 3" }));
    const dialog = screen.getByRole("dialog", { name: "Crop of CSQU 305438 3" }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.querySelector("img")?.getAttribute("src")).toBe(thumb.getAttribute("src"));
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).toBeNull();

    expect(created).toHaveBeenCalledTimes(1);
    unmount();
    expect(revoked).toHaveBeenCalledWith(thumb.getAttribute("src"));
  });

  it("say when a crop failed, and never fetch a crop URL that leaves the hub's API", async () => {
    const entries = [
      row("broken"),
      row("gone", { cropUrl: "/api/v1/sites/cafe/gate-logs/missing/crop" }),
      row("evil", { cropUrl: "//evil.example/steal" }),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: string) => {
        const path = new URL(input, "http://hub.test").pathname;
        fetched.push(path);
        return path.includes("missing")
          ? Response.json({ error: { code: "NOT_FOUND", message: "no crop" } }, { status: 404 })
          : Response.json({ error: { code: "INTERNAL", message: "disk" } }, { status: 500 });
      }),
    );
    renderWithServices(<GateLogTable entries={entries} fresh={new Set()} />);
    act(() => FakeObserver.show(() => true));
    expect(await screen.findByRole("img", { name: "The crop could not be loaded" })).toBeDefined();
    await waitFor(() => expect(document.querySelector('[data-id="gone"] .crop-none')).not.toBeNull());
    expect(fetched.sort()).toEqual([
      "/api/v1/sites/cafe/gate-logs/broken/crop",
      "/api/v1/sites/cafe/gate-logs/missing/crop",
    ]);
    expect(document.querySelector('[data-id="evil"] .crop-none')?.textContent).toBe("–");
  });

  it("show an entry without a valid code as what OCR read, marked, never as a code", () => {
    const misread = row("m", {
      checkDigit: 4,
      checkDigitValid: false,
      rawText: "CSQU 305438 4",
      cropUrl: undefined,
    });
    const unread = row("u", {
      ...Object.fromEntries(
        ["ownerCode", "category", "serial", "checkDigit", "checkDigitValid", "containerNumber"].map((k) => [
          k,
          null,
        ]),
      ),
      rawText: "C5QU 3O54",
      cropUrl: undefined,
    });
    renderWithServices(<GateLogTable entries={[row("v"), misread, unread]} fresh={new Set()} />);
    const cell = (id: string) => document.querySelector(`[data-id="${id}"] .gate-number`);
    expect(cell("v")?.textContent).toBe("CSQU 305438 3");
    expect(cell("v")?.classList.contains("gate-number-unverified")).toBe(false);
    expect(cell("m")?.textContent).toBe("CSQU 305438 4");
    expect(cell("m")?.classList.contains("gate-number-unverified")).toBe(true);
    expect(document.querySelector('[data-id="m"] .check-invalid')).not.toBeNull();
    expect(cell("u")?.textContent).toBe("C5QU 3O54");
    expect(cell("u")?.classList.contains("gate-number-unverified")).toBe(true);
    expect(document.querySelector('[data-id="u"] .check-none')?.textContent).toBe("– no valid code");
  });
});
