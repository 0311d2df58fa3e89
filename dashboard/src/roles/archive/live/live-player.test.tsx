import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ErrorDetails, ErrorTypes, Events } from "hls.js/light";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LivePlayer } from "./live-player.js";

// hls.js needs Media Source Extensions, which happy-dom has not: a stand-in records what the player
// asks of it and lets the test fire its events. The real one plays in Chromium (dashboard/e2e).
const { FakeHls, players } = vi.hoisted(() => {
  const players: InstanceType<typeof FakeHls>[] = [];
  class FakeHls {
    static isSupported = () => true;
    readonly handlers = new Map<string, ((event: string, data: unknown) => void)[]>();
    liveSyncPosition: number | null = null;
    playingDate: Date | null = null;
    media: HTMLVideoElement | undefined;
    src: string | undefined;
    stopped = false;
    destroyed = false;
    recoverMediaError = vi.fn();
    constructor(readonly config: { xhrSetup?: (xhr: XMLHttpRequest, url: string) => void }) {
      players.push(this);
    }
    on(event: string, handler: (event: string, data: unknown) => void) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    }
    fire(event: string, data: unknown) {
      for (const h of this.handlers.get(event) ?? []) h(event, data);
    }
    attachMedia(media: HTMLVideoElement) {
      this.media = media;
    }
    loadSource(src: string) {
      this.src = src;
    }
    stopLoad() {
      this.stopped = true;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { FakeHls, players };
});

vi.mock("hls.js/light", async (importActual) => ({ ...(await importActual<object>()), default: FakeHls }));

const SRC = "/api/v1/sites/cafe/devices/edge-1/cameras/cam-1/live/index.m3u8";
let visibility: DocumentVisibilityState = "visible";

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
}

const fatal503 = {
  type: ErrorTypes.NETWORK_ERROR,
  details: ErrorDetails.MANIFEST_LOAD_ERROR,
  fatal: true,
  error: new Error("HTTP 503"),
  response: { url: SRC, code: 503 },
  networkDetails: {
    responseText: JSON.stringify({ error: { code: "DEVICE_OFFLINE", message: "device edge-1 is offline" } }),
  },
};

const last = () => players[players.length - 1] as InstanceType<typeof FakeHls>;

beforeEach(() => {
  players.length = 0;
  visibility = "visible";
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("LivePlayer", () => {
  it("plays the camera's playlist with the viewer's token, and stops when the camera changes or it unmounts", () => {
    let token = "token-1";
    const { rerender, unmount } = render(<LivePlayer src={SRC} token={() => token} cameraName="Door" />);
    expect(players).toHaveLength(1);
    const first = last();
    expect(first.src).toBe(SRC);
    expect(first.media).toBe(screen.getByLabelText("Live video of Door"));
    const xhr = { open: vi.fn(), setRequestHeader: vi.fn() };
    token = "token-2";
    first.config.xhrSetup?.(xhr as unknown as XMLHttpRequest, `${location.origin}${SRC}`);
    expect(xhr.setRequestHeader).toHaveBeenCalledWith("Authorization", "Bearer token-2");

    const other = SRC.replace("cam-1", "cam-2");
    rerender(<LivePlayer src={other} token={() => token} cameraName="Yard" />);
    expect(first.destroyed).toBe(true);
    expect(last().src).toBe(other);
    unmount();
    expect(last().destroyed).toBe(true);
  });

  it("says the device is offline in the hub's words, stops loading and tries again by itself", () => {
    vi.useFakeTimers();
    render(<LivePlayer src={SRC} token={() => "t"} cameraName="Door" />);
    act(() => last().fire(Events.ERROR, fatal503));
    expect(screen.getByRole("alert").textContent).toBe(
      "The device is offline, so there is no live picture: device edge-1 is offline Trying again in a few seconds.",
    );
    expect(last().stopped).toBe(true);
    act(() => vi.advanceTimersByTime(10_000));
    expect(players).toHaveLength(2);
    expect(players[0]?.destroyed).toBe(true);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("refreshes the session once after a 401 and starts again; a second 401 is reported", async () => {
    const reauthorize = vi.fn(async () => true);
    render(<LivePlayer src={SRC} token={() => "t"} reauthorize={reauthorize} cameraName="Door" />);
    const unauthorized = { ...fatal503, response: { url: SRC, code: 401 }, networkDetails: null };
    await act(async () => last().fire(Events.ERROR, unauthorized));
    expect(reauthorize).toHaveBeenCalledOnce();
    expect(players).toHaveLength(2);
    await act(async () => last().fire(Events.ERROR, unauthorized));
    expect(reauthorize).toHaveBeenCalledOnce();
    expect(players).toHaveLength(2);
    expect(screen.getByRole("alert").textContent).toMatch(/^Your session has expired/);
  });

  it("shows the latency from the playing segment's capture time and offers the way back to live", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(<LivePlayer src={SRC} token={() => "t"} cameraName="Door" />);
    const hls = last();
    const video = screen.getByLabelText("Live video of Door") as HTMLVideoElement;
    hls.playingDate = new Date(Date.now() - 2_500);
    hls.liveSyncPosition = 60;
    video.currentTime = 50;
    act(() => vi.advanceTimersByTime(1_000));
    const latency = Number(document.querySelector(".live-latency")?.getAttribute("data-latency-ms"));
    expect(latency).toBeGreaterThanOrEqual(3_400);
    expect(latency).toBeLessThan(3_700);
    expect(screen.getByText(/^Latency 3\.\d s$/)).toBeDefined();
    await userEvent.click(screen.getByRole("button", { name: "Back to live" }));
    expect(video.currentTime).toBe(60);
  });

  it("returns to the live edge when the tab is shown again, and stops after a long time hidden", () => {
    vi.useFakeTimers();
    render(<LivePlayer src={SRC} token={() => "t"} cameraName="Door" />);
    const hls = last();
    const video = screen.getByLabelText("Live video of Door") as HTMLVideoElement;
    video.currentTime = 10;
    hls.liveSyncPosition = 10;
    act(() => setVisibility("hidden"));
    hls.liveSyncPosition = 18;
    act(() => setVisibility("visible"));
    expect(video.currentTime).toBe(18);
    expect(hls.destroyed).toBe(false);

    act(() => setVisibility("hidden"));
    act(() => vi.advanceTimersByTime(30_000));
    expect(hls.destroyed).toBe(true);
    expect(screen.getByRole("status").textContent).toMatch(/^Paused while the page is in the background/);
    act(() => setVisibility("visible"));
    expect(players).toHaveLength(2);
    expect(last().destroyed).toBe(false);
  });
});
