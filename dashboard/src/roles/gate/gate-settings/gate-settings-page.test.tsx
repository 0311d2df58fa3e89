import type { Camera } from "@sitewatch/hub/api-types";
import { type GateSettings, gateSettingsSchema } from "@sitewatch/shared-protocol";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../../testing/fake-services.js";
import GateSettingsPage from "./gate-settings-page.js";

const gateCamera: Camera & { gate: GateSettings | null } = {
  site: "cafe",
  device: "edge-1",
  id: "lane-1",
  name: "Lane 1",
  role: "gate",
  url: null,
  sampleIntervalMs: 1000,
  enabled: true,
  state: "streaming",
  reason: null,
  stateAt: null,
  stream: { width: 1000, height: 500, codec: "h264", fps: 10 },
  createdAt: "2026-01-01T00:00:00.000Z",
  gate: null,
};
const CAMERA_PATH = "/api/v1/sites/cafe/devices/edge-1/cameras/lane-1";

beforeEach(() => {
  // happy-dom lays nothing out; the overlay maps pointers through its box, so give it one (1000 × 500 px).
  vi.spyOn(Element.prototype, "getBoundingClientRect").mockReturnValue({
    left: 0,
    top: 0,
    width: 1000,
    height: 500,
    right: 1000,
    bottom: 500,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function serve(stored: GateSettings | null) {
  const calls = stubFetch({
    "GET /api/v1/sites/cafe/cameras": () => ({
      cameras: [
        { ...gateCamera, id: "desk", role: "seats", gate: undefined },
        { ...gateCamera, gate: stored },
      ],
    }),
    [`PATCH ${CAMERA_PATH}`]: (_url, init) => {
      const { gate } = JSON.parse(String(init?.body)) as { gate: GateSettings };
      return { ...gateCamera, gate, push: { device: "edge-1", status: "completed", revision: 4 } };
    },
  });
  return () => calls.filter((c) => c.method === "PATCH");
}

describe("GateSettingsPage", () => {
  it("lets a site manager edit a gate camera, refuses a bad value with the schema's message, then saves", async () => {
    const patches = serve(null);
    const { container } = renderWithServices(<GateSettingsPage />, { role: "site_manager" });
    const picker = (await screen.findByLabelText("Camera")) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(["edge-1/lane-1"]);
    // Nothing stored at the hub yet: the defaults are shown and the page says the device's file rules.
    expect(screen.getByText(/the device uses its own config file/)).toBeDefined();
    expect(container.querySelectorAll("[data-corner]")).toHaveLength(4);

    const interval = screen.getByLabelText(
      "Interval while a vehicle is in the zone (ms)",
    ) as HTMLInputElement;
    expect(interval.value).toBe("500");
    await userEvent.clear(interval);
    await userEvent.type(interval, "50");
    const expected = gateSettingsSchema.safeParse({ activeIntervalMs: 50 }).error?.issues[0]
      ?.message as string;
    expect(screen.getByText(expected)).toBeDefined();
    expect(interval.getAttribute("aria-invalid")).toBe("true");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByText("Fix the marked fields before saving.")).toBeDefined();
    expect(patches()).toEqual([]);

    await userEvent.type(interval, "0");
    expect(screen.queryByText(expected)).toBeNull();
    // Drag the zone's bottom-right corner up and left, add a direction line, set a group.
    const corner = container.querySelector('[data-corner="2"]') as Element;
    fireEvent.pointerDown(corner, { clientX: 1000, clientY: 500, pointerId: 1 });
    fireEvent.pointerMove(corner, { clientX: 800, clientY: 400, pointerId: 1 });
    fireEvent.pointerUp(corner, { pointerId: 1 });
    await userEvent.click(screen.getByRole("button", { name: "Add a direction line" }));
    expect(container.querySelector(".direction-line text")?.textContent).toBe("in");
    await userEvent.type(screen.getByLabelText("Passage group"), "north");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Pushed to edge-1.")).toBeDefined();
    expect(screen.getByText("Saved.")).toBeDefined();
    expect(patches().map((c) => [c.url.pathname, c.body])).toEqual([
      [
        CAMERA_PATH,
        {
          gate: {
            zone: [
              [0, 0],
              [1, 0],
              [0.8, 0.8],
              [0, 1],
            ],
            directionLine: [
              [0.2, 0.5],
              [0.8, 0.5],
            ],
            vehicleClasses: ["truck", "bus", "car"],
            activeIntervalMs: 500,
            minTrackFrames: 3,
            lostAfterFrames: 2,
            maxOcrFrames: 4,
            passageGroup: "north",
            motion: { enabled: true, threshold: 0.02, forceEvery: 10 },
          },
        },
      ],
    ]);
    // Saved: the hub's settings are the form's now, so the notice about the device's file is gone.
    expect(screen.queryByText(/the device uses its own config file/)).toBeNull();
  });

  it("adds a corner by dragging an edge's +, removes one by double-click or Delete", async () => {
    const stored = gateSettingsSchema.parse({});
    const patches = serve(stored);
    const { container } = renderWithServices(<GateSettingsPage />, { role: "site_manager" });
    await waitFor(() => expect(container.querySelectorAll("[data-corner]")).toHaveLength(4));
    expect(screen.queryByText(/the device uses its own config file/)).toBeNull();

    const plus = container.querySelector('[data-midpoint="0"]') as Element;
    fireEvent.pointerDown(plus, { clientX: 500, clientY: 0, pointerId: 1 });
    fireEvent.pointerMove(plus, { clientX: 500, clientY: 100, pointerId: 1 });
    fireEvent.pointerUp(plus, { pointerId: 1 });
    expect(screen.getByText("5 corners")).toBeDefined();
    fireEvent.doubleClick(container.querySelector('[data-corner="3"]') as Element);
    fireEvent.keyDown(container.querySelector('[data-corner="0"]') as Element, { key: "Delete" });
    expect(screen.getByText("3 corners")).toBeDefined();
    // A triangle keeps its corners: fewer would be no zone.
    fireEvent.keyDown(container.querySelector('[data-corner="0"]') as Element, { key: "Delete" });
    expect(screen.getByText("3 corners")).toBeDefined();

    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Pushed to edge-1.");
    const [saved] = patches();
    expect((saved?.body as { gate: GateSettings } | undefined)?.gate.zone).toEqual([
      [0.5, 0.2],
      [1, 0],
      [0, 1],
    ]);
  });

  it("says so when the site has no gate camera", async () => {
    stubFetch({ "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [{ ...gateCamera, role: "seats" }] }) });
    renderWithServices(<GateSettingsPage />, { role: "site_manager" });
    expect(await screen.findByText("This site has no gate cameras yet.")).toBeDefined();
  });
});
