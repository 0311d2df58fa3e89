import type { Camera } from "@sitewatch/hub/api-types";
import type { LiveFrame } from "@sitewatch/shared-protocol";
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../../testing/fake-services.js";
import { GateLiveView } from "./gate-live-view.js";

let visibility: DocumentVisibilityState = "visible";
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  visibility = "visible";
});

function camera(device: string, id: string, role: Camera["role"], name = id): Camera {
  return {
    site: "cafe",
    device,
    id,
    name,
    role,
    url: null,
    sampleIntervalMs: 1000,
    enabled: true,
    state: "streaming",
    reason: null,
    stateAt: null,
    stream: { width: 640, height: 360, codec: "h264", fps: 10 },
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

function frame(device: string, cam: string, detections: LiveFrame["detections"]) {
  return {
    site: "cafe",
    device,
    camera: cam,
    data: { v: 1, id: "f", seq: 1, ts: 1, session: "s", width: 640, height: 360, jpeg: "AAAA", detections },
  };
}

const setVisibility = (state: DocumentVisibilityState) =>
  act(() => {
    visibility = state;
    document.dispatchEvent(new Event("visibilitychange"));
  });

describe("GateLiveView", () => {
  it("watches the chosen gate camera only while shown and in view, and draws its frames' boxes", async () => {
    stubFetch({
      "GET /api/v1/sites/cafe/cameras": () => ({
        cameras: [
          camera("edge-1", "hall", "seats"),
          camera("gate-edge", "lane-1", "gate", "Lane 1"),
          camera("gate-edge", "lane-2", "gate", "Lane 2"),
        ],
      }),
    });
    const { socket, unmount } = renderWithServices(<GateLiveView />);
    const watches = () => socket.requests.map((r) => [r.event, (r.payload as { camera: string }).camera]);
    const picker = (await screen.findByLabelText("Gate camera")) as HTMLSelectElement;
    // Only gate cameras are offered; the first is watched at once.
    expect([...picker.options].map((o) => o.value)).toEqual(["gate-edge/lane-1", "gate-edge/lane-2"]);
    await waitFor(() => expect(watches()).toEqual([["live:watch", "lane-1"]]));
    expect(socket.requests[0]?.payload).toEqual({ site: "cafe", device: "gate-edge", camera: "lane-1" });
    expect(screen.getByText(/Waiting for the first picture from gate-edge/)).toBeDefined();

    // Another camera's frame is not shown; this camera's is, with its boxes in their states.
    act(() => socket.serverEmit("live:frame", frame("gate-edge", "lane-2", [])));
    expect(document.querySelector(".live-frame")).toBeNull();
    act(() =>
      socket.serverEmit(
        "live:frame",
        frame("gate-edge", "lane-1", [
          { cls: "truck", score: 0.9, box: [10, 40, 300, 200], track: 4, state: "capturing" },
          { cls: "truck", score: 0.8, box: [320, 40, 600, 200], track: 5, state: "captured" },
        ]),
      ),
    );
    const img = screen.getByAltText("Live picture of Lane 1") as HTMLImageElement;
    expect(img.getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");
    expect(document.querySelector(".live-boxes")?.getAttribute("viewBox")).toBe("0 0 640 360");
    const boxes = [...document.querySelectorAll(".live-boxes g")];
    expect(boxes.map((g) => g.getAttribute("data-state"))).toEqual(["capturing", "captured"]);
    expect(boxes[0]?.querySelector("rect")?.getAttribute("width")).toBe("290");
    expect(boxes[0]?.textContent).toBe("#4 · truck · 90% · capturing");

    // Another camera: the old one is left first.
    await userEvent.selectOptions(picker, "gate-edge/lane-2");
    expect(watches().slice(1)).toEqual([
      ["live:unwatch", "lane-1"],
      ["live:watch", "lane-2"],
    ]);
    expect(document.querySelector(".live-frame")).toBeNull();

    // A background tab stops watching, coming back starts again; so do pause and resume.
    setVisibility("hidden");
    expect(watches().at(-1)).toEqual(["live:unwatch", "lane-2"]);
    expect(screen.getByText(/Paused while this tab is in the background/)).toBeDefined();
    setVisibility("visible");
    expect(watches().at(-1)).toEqual(["live:watch", "lane-2"]);
    await userEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(watches().at(-1)).toEqual(["live:unwatch", "lane-2"]);
    await userEvent.click(screen.getByRole("button", { name: "Watch live" }));
    expect(watches().at(-1)).toEqual(["live:watch", "lane-2"]);

    // The hub forgets a closed connection's views: a reconnect watches again.
    act(() => socket.serverEmit("connect", undefined));
    expect(watches().at(-1)).toEqual(["live:watch", "lane-2"]);

    const count = socket.requests.length;
    unmount();
    expect(watches().slice(count)).toEqual([["live:unwatch", "lane-2"]]);
    expect(socket.listenerCount("live:frame")).toBe(0);
    expect(socket.listenerCount("connect")).toBe(0);
  });

  it("says why there is no picture: no gate camera, or the hub refused", async () => {
    stubFetch({ "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera("e", "hall", "seats")] }) });
    const first = renderWithServices(<GateLiveView />);
    expect(await screen.findByText("This site has no gate camera.")).toBeDefined();
    expect(first.socket.requests).toEqual([]);
    first.unmount();

    stubFetch({ "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera("g", "lane-1", "gate")] }) });
    const { socket } = renderWithServices(<GateLiveView />, { locale: "ko" });
    socket.ack = () => ({ ok: false, error: { code: "FORBIDDEN", message: "no access" } });
    expect(await screen.findByText("실시간 영상을 시작하지 못했습니다: no access")).toBeDefined();
  });
});
