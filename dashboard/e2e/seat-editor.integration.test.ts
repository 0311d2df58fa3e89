import { describe, expect, it } from "vitest";
import { browserUnavailable, shot, useE2eSession } from "./harness.js";

const existing: [number, number][] = [
  [0.1, 0.1],
  [0.3, 0.1],
  [0.3, 0.3],
  [0.1, 0.3],
];
// Where the test clicks, as fractions of the picture; the first point is clicked again to close.
const drawn: [number, number][] = [
  [0.5, 0.2],
  [0.8, 0.2],
  [0.8, 0.6],
  [0.5, 0.6],
];

// The seat editor against a real hub (issue #6, item 5): a polygon drawn with the mouse is saved through
// REST, pushed to the (simulated) device, and the REST API then returns it.
describe.skipIf(browserUnavailable)("seat editor", () => {
  const s = useE2eSession({
    site: "cafe",
    device: {
      device: "edge-1",
      cameras: [
        { id: "cam-1", name: "Hall", seats: [{ id: "1A", polygon: existing }] },
        { id: "cam-2", name: "Window", seats: [] },
      ],
    },
    path: "editor",
  });

  it("shows the camera's seats, asks the camera for a picture by itself, and again on request", async () => {
    const picker = s.page.getByRole("combobox", { name: "Camera" });
    await picker.waitFor();
    expect(await picker.inputValue()).toBe("edge-1/cam-1");
    await s.page.locator('[data-seat="1A"] polygon').waitFor();
    // No picture stored yet: the editor asks the device by itself; the simulated device answers the
    // snapshot command with a picture and the hub stores it.
    const img = s.page.locator(".snapshot-frame img");
    await img.waitFor({ timeout: 15_000 });
    const first = await img.getAttribute("src");
    expect(first).toMatch(/^blob:/);
    await s.page.getByRole("button", { name: "Request a fresh picture" }).click();
    await expect.poll(() => img.getAttribute("src"), { timeout: 15_000 }).not.toBe(first);
  });

  it("saves a polygon drawn with mouse clicks, which the REST API then returns", async () => {
    await s.page.getByRole("button", { name: "Draw a new seat" }).click();
    const box = await s.page.locator("svg.seat-overlay").boundingBox();
    if (!box) throw new Error("the overlay has no box");
    for (const [x, y] of [...drawn, drawn[0] as [number, number]])
      await s.page.mouse.click(box.x + x * box.width, box.y + y * box.height);
    // Closed: a new, unnamed seat whose name field has the focus.
    const name = s.page.getByLabel("Name").nth(1);
    await name.waitFor();
    await s.page.getByText("Give the seat a name, e.g. 1A.").waitFor();
    await name.fill("2B");
    await s.page.getByRole("button", { name: "Save" }).click();
    await s.page.getByText("Pushed to edge-1.").waitFor({ timeout: 15_000 });
    await shot(s.page, "seat-editor");

    const { seats } = (await s.hub.api(`/api/v1/sites/cafe/seats?camera=cam-1`)) as {
      seats: { id: string; device: string; camera: string; polygon: [number, number][] }[];
    };
    const saved = seats.find((s) => s.id === "2B");
    expect(saved).toMatchObject({ device: "edge-1", camera: "cam-1" });
    expect(saved?.polygon).toHaveLength(drawn.length);
    saved?.polygon.forEach(([x, y], i) => {
      expect(x).toBeCloseTo((drawn[i] as [number, number])[0], 2);
      expect(y).toBeCloseTo((drawn[i] as [number, number])[1], 2);
    });
    // The untouched seat is still there, unchanged.
    expect(seats.find((s) => s.id === "1A")?.polygon).toEqual(existing);
  });

  it("deletes a seat after confirmation", async () => {
    s.page.once("dialog", (dialog) => void dialog.accept());
    await s.page.getByRole("button", { name: "Delete 2B" }).click();
    await s.page.getByRole("button", { name: "Save" }).click();
    await s.page.getByText("Pushed to edge-1.").waitFor({ timeout: 15_000 });
    const { seats } = (await s.hub.api(`/api/v1/sites/cafe/seats`)) as { seats: { id: string }[] };
    expect(seats.map((s) => s.id)).toEqual(["1A"]);
  });
});
