import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { followLiveEdge, seekToLiveEdge, useViewing } from "./live-edge.js";

/** A document whose visibility the test sets, firing `visibilitychange` like a browser. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = "visible";
  set(state: DocumentVisibilityState) {
    this.visibilityState = state;
    this.dispatchEvent(new Event("visibilitychange"));
  }
}

function media(currentTime: number, paused: boolean) {
  return {
    currentTime,
    paused,
    play: vi.fn(async () => undefined),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("seekToLiveEdge", () => {
  it("moves a player that fell behind to the sync position and plays it", () => {
    const video = media(12, true);
    expect(seekToLiveEdge({ liveSyncPosition: 40 }, video)).toBe(true);
    expect(video.currentTime).toBe(40);
    expect(video.play).toHaveBeenCalledOnce();
  });

  it("leaves a player at the edge where it is (a seek would only rebuffer)", () => {
    const video = media(39.5, false);
    expect(seekToLiveEdge({ liveSyncPosition: 40 }, video)).toBe(false);
    expect(video.currentTime).toBe(39.5);
    expect(video.play).not.toHaveBeenCalled();
  });

  it("does nothing to the position before a playlist arrived", () => {
    const video = media(0, false);
    expect(seekToLiveEdge({ liveSyncPosition: null }, video)).toBe(false);
    expect(video.currentTime).toBe(0);
  });
});

describe("followLiveEdge", () => {
  it("returns to the live edge each time the page becomes visible, not when it is hidden", () => {
    const doc = new FakeDocument();
    const hls = { liveSyncPosition: 20 };
    const video = media(20, false);
    const stop = followLiveEdge(hls, video, doc as unknown as Document);

    doc.set("hidden");
    // While hidden the browser paused the video and the stream moved on.
    video.paused = true;
    hls.liveSyncPosition = 31;
    expect(video.currentTime).toBe(20);

    doc.set("visible");
    expect(video.currentTime).toBe(31);
    expect(video.play).toHaveBeenCalledOnce();

    stop();
    hls.liveSyncPosition = 50;
    doc.set("hidden");
    doc.set("visible");
    expect(video.currentTime).toBe(31);
  });
});

describe("useViewing", () => {
  it("stays true through a short look elsewhere and turns false after the grace period", () => {
    vi.useFakeTimers();
    const doc = new FakeDocument();
    const { result } = renderHook(() => useViewing(30_000, doc as unknown as Document));
    expect(result.current).toBe(true);

    act(() => doc.set("hidden"));
    act(() => vi.advanceTimersByTime(29_000));
    expect(result.current).toBe(true);
    act(() => doc.set("visible"));
    act(() => vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(true);

    act(() => doc.set("hidden"));
    act(() => vi.advanceTimersByTime(30_000));
    expect(result.current).toBe(false);
    act(() => doc.set("visible"));
    expect(result.current).toBe(true);
  });
});
