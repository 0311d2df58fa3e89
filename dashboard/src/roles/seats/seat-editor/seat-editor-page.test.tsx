import type { Camera, Seat } from "@sitewatch/hub/api-types";
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STALE_SNAPSHOT_MS } from "../../../components/use-snapshot.js";
// The seat map's test services (real REST client over a stubbed fetch, fake socket) fit every page.
import { hubError, renderWithServices, stubFetch, stubFetchReplies } from "../../../testing/fake-services.js";
import SeatEditorPage from "./seat-editor-page.js";

const camera: Camera = {
  site: "cafe",
  device: "edge-1",
  id: "cam-1",
  name: "Hall",
  role: "seats",
  url: null,
  sampleIntervalMs: 3000,
  enabled: true,
  state: "streaming",
  reason: null,
  stateAt: null,
  stream: { width: 1000, height: 500, codec: "h264", fps: 10 },
  createdAt: "2026-01-01T00:00:00.000Z",
};
const seat1A: Seat = {
  site: "cafe",
  id: "1A",
  device: "edge-1",
  camera: "cam-1",
  polygon: [
    [0.1, 0.1],
    [0.3, 0.1],
    [0.3, 0.3],
  ],
  kind: "desk",
  active: true,
  layout: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

beforeEach(() => {
  // happy-dom lays nothing out; the overlay maps clicks through its box, so give it one (1000 × 500 px).
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

describe("SeatEditorPage", () => {
  it("draws, names and saves a new seat, then says the device got it", async () => {
    const created: unknown[] = [];
    const calls = stubFetch({
      "GET /api/v1/sites/cafe/cameras": () => ({
        cameras: [camera, { ...camera, id: "gate", role: "gate" }],
      }),
      "GET /api/v1/sites/cafe/seats": () => ({ seats: created.length ? [seat1A, created[0]] : [seat1A] }),
      "POST /api/v1/sites/cafe/seats": (_url, init) => {
        const body = JSON.parse(String(init?.body)) as Seat;
        created.push({ ...seat1A, ...body });
        return { ...seat1A, ...body, push: { device: "edge-1", status: "completed", revision: 2 } };
      },
    });
    const { container } = renderWithServices(<SeatEditorPage />);
    // Only seat cameras are offered; the existing seat is drawn and listed.
    const picker = (await screen.findByLabelText("Camera")) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(["edge-1/cam-1"]);
    await screen.findByText("No picture from this camera yet.");
    await waitFor(() => expect(container.querySelector('[data-seat="1A"] polygon')).not.toBeNull());
    const seatsQuery = calls.find((c) => c.url.pathname.endsWith("/seats"))?.url.searchParams;
    expect(seatsQuery?.get("camera")).toBe("cam-1");
    expect(seatsQuery?.get("device")).toBe("edge-1");

    await userEvent.click(screen.getByRole("button", { name: "Draw a new seat" }));
    const bg = container.querySelector(".overlay-bg") as Element;
    for (const [x, y] of [
      [500, 100],
      [700, 100],
      [700, 300],
    ])
      fireEvent.pointerDown(bg, { clientX: x, clientY: y, pointerId: 1 });
    act(() => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    });
    // Closed but unnamed: the name is asked for inline, and saving is refused.
    expect((await screen.findByText("Give the seat a name, e.g. 1A.")).textContent).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByText("Fix the marked seats before saving.")).toBeDefined();
    expect(created).toEqual([]);

    const names = screen.getAllByLabelText("Name") as HTMLInputElement[];
    await userEvent.type(names[1] as HTMLInputElement, "1#");
    expect(screen.getByText(/1–32 letters/)).toBeDefined();
    await userEvent.clear(names[1] as HTMLInputElement);
    await userEvent.type(names[1] as HTMLInputElement, "2B");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Pushed to edge-1.")).toBeDefined();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      id: "2B",
      device: "edge-1",
      camera: "cam-1",
      polygon: [
        [0.5, 0.2],
        [0.7, 0.2],
        [0.7, 0.6],
      ],
    });
  });

  it("asks a camera without a picture for one by itself, once per visit, and says why it failed", async () => {
    const snapshotPath = (cam: string) => `/api/v1/sites/cafe/devices/edge-1/cameras/${cam}/snapshot`;
    const calls = stubFetchReplies({
      "GET /api/v1/sites/cafe/cameras": () => ({
        cameras: [camera, { ...camera, id: "cam-2", name: "Back" }],
      }),
      "GET /api/v1/sites/cafe/seats": () => ({ seats: [seat1A] }),
      [`POST ${snapshotPath("cam-1")}`]: () => hubError(503, "DEVICE_OFFLINE", "device edge-1 is offline"),
      [`POST ${snapshotPath("cam-2")}`]: () => hubError(503, "DEVICE_OFFLINE", "device edge-1 is offline"),
    });
    const { socket } = renderWithServices(<SeatEditorPage />);
    const posts = (cam: string) =>
      calls.filter((c) => c.method === "POST" && c.url.pathname === snapshotPath(cam)).length;
    expect(
      await screen.findByText("The picture could not be requested: device edge-1 is offline"),
    ).toBeDefined();
    expect(posts("cam-1")).toBe(1);
    expect(screen.getByText("No picture from this camera yet.")).toBeDefined();

    // A new picture reported and still none stored, another camera and back: no second automatic ask.
    act(() =>
      socket.serverEmit("camera:snapshot", { site: "cafe", device: "edge-1", camera: "cam-1", data: {} }),
    );
    const picker = screen.getByLabelText("Camera");
    await userEvent.selectOptions(picker, "edge-1/cam-2");
    await waitFor(() => expect(posts("cam-2")).toBe(1));
    await userEvent.selectOptions(picker, "edge-1/cam-1");
    await screen.findByText("No picture from this camera yet.");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts("cam-1")).toBe(1);

    // The button still asks, as often as it is pressed.
    await userEvent.click(screen.getByRole("button", { name: "Request a fresh picture" }));
    await waitFor(() => expect(posts("cam-1")).toBe(2));
  });

  it("says it is asking while the automatic request runs, and does not ask when a picture exists", async () => {
    let answer: (r: Response) => void = () => undefined;
    const calls = stubFetchReplies({
      "GET /api/v1/sites/cafe/cameras": () => ({
        cameras: [camera, { ...camera, id: "cam-2", name: "Back" }],
      }),
      "GET /api/v1/sites/cafe/seats": () => ({ seats: [] }),
      "GET /api/v1/sites/cafe/devices/edge-1/cameras/cam-2/snapshot": () =>
        jpeg(new Date(Date.now() - 3600_000)),
      "POST /api/v1/sites/cafe/devices/edge-1/cameras/cam-1/snapshot": () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    renderWithServices(<SeatEditorPage />);
    expect(await screen.findByText("No picture yet: requesting a picture from the camera…")).toBeDefined();
    expect(screen.getByText("No picture yet, so edge-1 was asked for one…")).toBeDefined();
    answer(hubError(504, "COMMAND_TIMEOUT", "device edge-1 did not answer the snapshot request in time"));
    expect(await screen.findByText(/did not answer the snapshot request in time/)).toBeDefined();

    await userEvent.selectOptions(screen.getByLabelText("Camera"), "edge-1/cam-2");
    expect(await screen.findByRole("img", { name: "Latest picture of camera Back" })).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.filter((c) => c.method === "POST" && c.url.pathname.includes("cam-2"))).toEqual([]);
  });

  it("shows a picture older than a day and asks the camera for a fresh one, once", async () => {
    const path = "/api/v1/sites/cafe/devices/edge-1/cameras/cam-1/snapshot";
    const calls = stubFetchReplies({
      "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera] }),
      "GET /api/v1/sites/cafe/seats": () => ({ seats: [] }),
      [`GET ${path}`]: () => jpeg(new Date(Date.now() - STALE_SNAPSHOT_MS - 60_000)),
      [`POST ${path}`]: () => new Response(null, { status: 204 }),
    });
    renderWithServices(<SeatEditorPage />);
    expect(await screen.findByRole("img", { name: "Latest picture of camera Hall" })).toBeDefined();
    const posts = () => calls.filter((c) => c.method === "POST" && c.url.pathname === path).length;
    await waitFor(() => expect(posts()).toBe(1));
    // The reload after the request still finds the old picture: no second automatic ask.
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "GET" && c.url.pathname === path)).toHaveLength(2),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts()).toBe(1);
  });

  it("shows the camera live with the seat polygons over it, and stops when switched off", async () => {
    stubFetch({
      "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera] }),
      "GET /api/v1/sites/cafe/seats": () => ({ seats: [seat1A] }),
    });
    const { socket, container } = renderWithServices(<SeatEditorPage />);
    await waitFor(() => expect(container.querySelector('[data-seat="1A"] polygon')).not.toBeNull());
    await userEvent.click(screen.getByRole("button", { name: "Live" }));
    await waitFor(() => expect(socket.requests.map((r) => r.event)).toContain("live:watch"));
    expect(socket.requests.find((r) => r.event === "live:watch")?.payload).toEqual({
      site: "cafe",
      device: "edge-1",
      camera: "cam-1",
    });
    const data = {
      v: 1,
      id: "f",
      seq: 1,
      ts: 1,
      session: "s",
      width: 800,
      height: 400,
      jpeg: "AAAA",
      detections: [],
    };
    act(() => socket.serverEmit("live:frame", { site: "cafe", device: "edge-1", camera: "cam-1", data }));
    const live = screen.getByRole("img", { name: "Live picture of Hall" });
    // The editable polygons sit over the live frame, in the same box as the picture.
    const frame = live.parentElement as HTMLElement;
    expect(frame.querySelector('[data-seat="1A"] polygon')?.getAttribute("points")).toBe(
      "100,50 300,50 300,150",
    );
    await userEvent.click(screen.getByRole("button", { name: "Stop live" }));
    expect(socket.requests.map((r) => r.event)).toContain("live:unwatch");
    expect(screen.queryByRole("img", { name: "Live picture of Hall" })).toBeNull();
  });
});

function jpeg(capturedAt: Date): Response {
  return new Response(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), {
    headers: { "x-captured-at": capturedAt.toISOString() },
  });
}
