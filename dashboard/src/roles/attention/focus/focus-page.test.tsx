import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StreamHandlers } from "../analysis/face-analyser.js";
import type { FocusEnvironment } from "./focus-environment.js";
import { face, fakeDevice, renderFocus } from "./testing/focus-fixtures.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("FocusPage", () => {
  it("explains what is measured and that no picture leaves the device before the camera turns on", async () => {
    const device = fakeDevice();
    const { sent } = renderFocus(device.env);
    expect(screen.getByRole("heading", { name: "Before you start" })).toBeDefined();
    expect(screen.getByText(/No picture leaves it: only these numbers are sent/)).toBeDefined();
    expect(screen.getByText(/how open your eyes are/)).toBeDefined();
    expect(device.opened).not.toHaveBeenCalled();
    expect(sent("focus:start")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(2));
    expect(device.opened).toHaveBeenCalledTimes(1);
    expect(sent("focus:start")[0]?.payload).toEqual({ site: "cafe", source: "browser", language: "en" });
    const samples = sent("focus:sample").map(
      (r) => r.payload as { session: string; seq: number; face: unknown },
    );
    expect(samples.slice(0, 3).map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(samples[0]).toMatchObject({ session: "s-1", face });
    expect(document.querySelector("[data-camera]")?.textContent).toBe("Camera on");
  });

  it("shows the hub's state and alerts at once, beeps only with sound on, and clears the alert when focused", async () => {
    const device = fakeDevice();
    const { socket } = renderFocus(device.env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await screen.findByRole("button", { name: "Pause" });
    const state = (s: string, calibrated = true) =>
      act(() =>
        socket.serverEmit("focus:state", {
          session: "s-1",
          seq: 5,
          state: s,
          since: Date.now(),
          blinks: 2,
          calibrated,
          at: Date.now(),
        }),
      );
    state("focused", false);
    expect(screen.getByText(/Calibrating/)).toBeDefined();
    state("absent");
    expect(document.querySelector(".focus-state")?.textContent).toBe("Away");
    expect(screen.queryByText(/Calibrating/)).toBeNull();

    const alert = { session: "s-1", kind: "absent", since: Date.now() - 5_000, durationMs: 5_000 };
    act(() => socket.serverEmit("focus:alert", { ...alert, message: "You seem to be away." }));
    expect(screen.getByRole("alert").textContent).toContain("You seem to be away.");
    expect(device.beep).toHaveBeenCalledTimes(1);
    // Another session's alert is not this learner's.
    act(() => socket.serverEmit("focus:alert", { ...alert, session: "s-2", message: "Not mine" }));
    expect(screen.queryByText(/Not mine/)).toBeNull();

    state("focused");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("heading", { name: "Alerts in this session" })).toBeDefined();

    await userEvent.click(screen.getAllByRole("checkbox", { name: "Sound on alerts" })[0] as HTMLElement);
    act(() => socket.serverEmit("focus:alert", { ...alert, kind: "drowsy", message: "Eyes closing." }));
    expect(screen.getByRole("alert").textContent).toContain("Eyes closing.");
    expect(device.beep).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem("sitewatch.focus.sound")).toBe("off");
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("turns the camera off while paused, stops sending, and resumes with a new camera stream", async () => {
    const device = fakeDevice();
    const { sent } = renderFocus(device.env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(0));
    await userEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(sent("focus:pause")[0]?.payload).toEqual({ session: "s-1" });
    expect(device.tracks[0]?.stopped).toBe(true);
    expect(document.querySelector("[data-camera]")?.textContent).toBe("Camera off");
    expect(screen.getByText("Paused — the camera is off.")).toBeDefined();
    const whilePaused = sent("focus:sample").length;
    await new Promise((r) => setTimeout(r, 150));
    expect(sent("focus:sample")).toHaveLength(whilePaused);

    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    expect(sent("focus:resume")[0]?.payload).toEqual({ session: "s-1" });
    expect(device.opened).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(sent("focus:sample").length).toBeGreaterThan(whilePaused));
    const seqs = sent("focus:sample").map((r) => (r.payload as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });

  it("lets the analyser read the camera's frame stream itself where the browser offers one", async () => {
    const device = fakeDevice();
    const frames = {} as ReadableStream<VideoFrame>;
    let handlers: StreamHandlers | undefined;
    const stopStream = vi.fn();
    const grab = vi.fn();
    const env: FocusEnvironment = {
      ...device.env,
      cameraFrames: () => frames,
      grabFrame: grab,
      createAnalyser: () => ({
        start: async () => undefined,
        analyse: () => Promise.reject(new Error("not used with a stream")),
        analyseStream: (given, h, maxRate) => {
          expect(given).toBe(frames);
          expect(maxRate).toBe(30);
          handlers = h;
        },
        stopStream,
        stop: () => undefined,
      }),
    };
    const { sent } = renderFocus(env);
    await userEvent.click(screen.getByRole("button", { name: "Turn on the camera and start" }));
    await waitFor(() => expect(handlers).toBeDefined());
    act(() => handlers?.onAnalysis({ at: 1_000, face, workerMs: 40 }));
    act(() => handlers?.onAnalysis({ at: 1_033, face: null, workerMs: 20 }));
    expect(sent("focus:sample").map((r) => r.payload)).toEqual([
      { session: "s-1", seq: 0, at: 1_000, face },
      { session: "s-1", seq: 1, at: 1_033, face: null },
    ]);
    expect(grab).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(stopStream).toHaveBeenCalledTimes(1);
    act(() => handlers?.onError(new Error("the face models crashed")));
    expect(screen.getByRole("alert").textContent).toContain("the face models crashed");
  });
});
