import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CameraPipeline, type CameraStatusUpdate } from "./camera-pipeline.js";
import { FakeFrameSource } from "./fake-frame-source.test-support.js";

// A video file played in real time stands in for a camera (the `npm start` demo). Cameras never end, so
// such a file must start over at once; reporting "reconnecting" would turn its seats `unknown` each loop.

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function filePipeline(sources: FakeFrameSource[], realtime: boolean) {
  const statuses: CameraStatusUpdate[] = [];
  const frames: number[] = [];
  let opened = 0;
  const cam = new CameraPipeline({
    camera: "plaza",
    url: "/srv/demo/plaza.mp4",
    realtime,
    backoff: { jitter: 0 },
    stallTimeoutMs: 5_000,
    onFrame: (frame) => {
      frames.push(frame.time);
    },
    onStatus: (status) => statuses.push(status),
    openSource: async () => {
      const next = sources[opened];
      opened += 1;
      if (!next) throw new Error("no such file");
      return next;
    },
  });
  void cam.start();
  return { cam, statuses, frames, opened: () => opened, states: () => statuses.map((s) => s.state) };
}

describe("CameraPipeline with a real-time file", () => {
  it("starts the file over at once when it ends and stays streaming", async () => {
    const first = new FakeFrameSource("/srv/demo/plaza.mp4");
    const second = new FakeFrameSource("/srv/demo/plaza.mp4");
    const { cam, frames, states, opened } = filePipeline([first, second], true);
    await vi.advanceTimersByTimeAsync(10);
    first.push(0);
    first.push(1);
    first.end();
    // No backoff wait: the second opening happens within the same few milliseconds.
    await vi.advanceTimersByTimeAsync(10);
    expect(opened()).toBe(2);
    second.push(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(frames).toEqual([0, 1, 0]);
    expect(states()).toEqual(["connecting", "streaming"]);
    expect(cam.stats.reconnects).toBe(0);
    await cam.stop();
  });

  it("reconnects with backoff when the file ends without a single frame", async () => {
    const working = new FakeFrameSource("/srv/demo/plaza.mp4");
    const empty = new FakeFrameSource("/srv/demo/plaza.mp4");
    const { cam, statuses, states } = filePipeline([working, empty], true);
    await vi.advanceTimersByTimeAsync(10);
    working.push(0);
    working.end();
    await vi.advanceTimersByTimeAsync(10);
    empty.end();
    await vi.advanceTimersByTimeAsync(10);
    expect(states()).toEqual(["connecting", "streaming", "reconnecting"]);
    expect(statuses.at(-1)?.reason).toBe("stream ended");
    await cam.stop();
  });

  it("does not loop a file that is not played in real time", async () => {
    const source = new FakeFrameSource("/srv/demo/plaza.mp4");
    const { cam, states } = filePipeline([source], false);
    await vi.advanceTimersByTimeAsync(10);
    source.push(0);
    source.end();
    await vi.advanceTimersByTimeAsync(10);
    expect(states()).toEqual(["connecting", "streaming", "reconnecting"]);
    await cam.stop();
  });

  it("still reconnects a looping file that fails instead of ending", async () => {
    const source = new FakeFrameSource("/srv/demo/plaza.mp4");
    const { cam, statuses } = filePipeline([source], true);
    await vi.advanceTimersByTimeAsync(10);
    source.push(0);
    source.fail("Invalid data found when processing input");
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses.at(-1)?.state).toBe("reconnecting");
    expect(statuses.at(-1)?.reason).toContain("Invalid data");
    await cam.stop();
  });
});
