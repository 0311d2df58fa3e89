import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CameraPipeline, type CameraPipelineOptions, type CameraStatusUpdate } from "./camera-pipeline.js";
import { FakeFrameSource } from "./fake-frame-source.test-support.js";
import type { FrameSource } from "./frame-source.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A pipeline whose connection attempts are answered, in order, by `script` (then refused). */
function pipeline(script: Array<FrameSource | Error>, options: Partial<CameraPipelineOptions> = {}) {
  const statuses: CameraStatusUpdate[] = [];
  const frames: number[] = [];
  const attempts: number[] = [];
  const cam = new CameraPipeline({
    camera: "cam-1",
    url: "rtsp://user:secret@cam/stream",
    backoff: { jitter: 0 },
    stallTimeoutMs: 5_000,
    onFrame: (frame) => {
      frames.push(frame.time);
    },
    onStatus: (status) => statuses.push(status),
    openSource: async () => {
      attempts.push(Date.now());
      const next =
        script.shift() ?? new Error("connect to rtsp://user:secret@cam/stream: Connection refused");
      if (next instanceof Error) throw next;
      return next;
    },
    ...options,
  });
  void cam.start();
  return { cam, statuses, frames, attempts, states: () => statuses.map((s) => s.state) };
}

describe("CameraPipeline", () => {
  it("backs off 1, 2, 4 s while the camera refuses, and never leaks the password", async () => {
    const { cam, statuses, attempts } = pipeline([]);
    await vi.advanceTimersByTimeAsync(7_500);
    const retries = statuses.filter((s) => s.state === "reconnecting");
    expect(retries.map((s) => [s.attempt, s.retryInMs])).toEqual([
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [4, 8_000],
    ]);
    expect(attempts.map((at) => at - (attempts[0] ?? 0))).toEqual([0, 1_000, 3_000, 7_000]);
    expect(retries[0]?.reason).toContain("Connection refused");
    expect(JSON.stringify(statuses)).not.toContain("secret");
    await cam.stop();
  });

  it("reports streaming with the stream info on the first frame and hands frames over", async () => {
    const source = new FakeFrameSource();
    const { cam, frames, statuses } = pipeline([source]);
    await vi.advanceTimersByTimeAsync(10);
    source.push(0);
    source.push(3);
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses.map((s) => s.state)).toEqual(["connecting", "streaming"]);
    expect(statuses[1]?.stream).toEqual({ width: 4, height: 2, codec: "h264", fps: 10 });
    expect(frames).toEqual([0, 3]);
    expect(cam.stats.framesSampled).toBe(2);
    await cam.stop();
    expect(source.closed).toBe(true);
  });

  it("restarts a stalled stream and reconnects after it ends", async () => {
    const stalled = new FakeFrameSource();
    const ending = new FakeFrameSource();
    const { cam, statuses, states } = pipeline([stalled, ending]);
    await vi.advanceTimersByTimeAsync(10);
    stalled.push(0);
    await vi.advanceTimersByTimeAsync(6_500);
    expect(stalled.closed).toBe(true);
    expect(statuses.find((s) => s.state === "reconnecting")?.reason).toMatch(/stalled/);
    await vi.advanceTimersByTimeAsync(1_000);
    ending.push(0);
    await vi.advanceTimersByTimeAsync(10);
    ending.end();
    await vi.advanceTimersByTimeAsync(10);
    expect(states()).toEqual([
      "connecting",
      "streaming",
      "reconnecting",
      "connecting",
      "streaming",
      "reconnecting",
    ]);
    expect(statuses.at(-1)?.reason).toBe("stream ended");
    expect(cam.stats.reconnects).toBe(2);
    await cam.stop();
  });

  it("gives up as failed after maxAttempts, and restart() revives it", async () => {
    const source = new FakeFrameSource();
    const script: Array<FrameSource | Error> = [new Error("refused"), new Error("refused")];
    const { cam, states } = pipeline(script, { maxAttempts: 2 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(states()).toEqual(["connecting", "reconnecting", "connecting", "failed"]);
    await cam.start();
    script.push(source);
    cam.restart();
    await vi.advanceTimersByTimeAsync(10);
    source.push(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(cam.status.state).toBe("streaming");
    await cam.stop();
  });

  it("survives throwing callbacks and drops frames while the handler is busy", async () => {
    const source = new FakeFrameSource();
    const errors: unknown[] = [];
    let release: (() => void) | undefined;
    const handled: number[] = [];
    const { cam } = pipeline([source], {
      onFrame: async (frame) => {
        handled.push(frame.time);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        throw new Error("analysis crashed");
      },
      onStatus: () => {
        throw new Error("status sink crashed");
      },
      onError: (error) => errors.push(error),
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(cam.queueDepth).toBe(0);
    for (const time of [0, 1, 2, 3]) source.push(time);
    await vi.advanceTimersByTimeAsync(10);
    // 0 in analysis, 3 waiting behind it (1 and 2 were replaced).
    expect(cam.queueDepth).toBe(2);
    release?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(cam.queueDepth).toBe(1);
    release?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(cam.queueDepth).toBe(0);
    // 0 was taken at once; 1 and 2 were replaced by 3 while 0 was busy.
    expect(handled).toEqual([0, 3]);
    expect(cam.stats.droppedFrames).toBe(2);
    expect(cam.status.state).toBe("streaming");
    expect(errors.length).toBeGreaterThanOrEqual(3);
    await cam.stop();
  });

  it("restart() drops the connection and reconnects without waiting", async () => {
    const first = new FakeFrameSource();
    const second = new FakeFrameSource();
    const { cam, attempts } = pipeline([first, second]);
    await vi.advanceTimersByTimeAsync(10);
    first.push(0);
    await vi.advanceTimersByTimeAsync(10);
    cam.restart();
    await vi.advanceTimersByTimeAsync(10);
    expect(first.closed).toBe(true);
    expect(attempts).toHaveLength(2);
    await cam.stop();
  });

  it("changes the interval on the open connection, and opens later connections with the newest", async () => {
    const [first, second] = [new FakeFrameSource(), new FakeFrameSource()];
    const script = [first, second];
    const opened: Array<number | undefined> = [];
    const { cam, states } = pipeline([], {
      intervalMs: 3_000,
      openSource: async (_url, options) => {
        opened.push(options.intervalMs);
        const next = script.shift();
        if (!next) throw new Error("refused");
        return next;
      },
    });
    // Changed while connecting: handed over as soon as the connection is open.
    cam.setIntervalMs(1_000);
    await vi.advanceTimersByTimeAsync(10);
    first.push(0);
    cam.setIntervalMs(500);
    await vi.advanceTimersByTimeAsync(10);
    expect(opened).toEqual([3_000]);
    expect(first.intervals).toEqual([1_000, 500]);
    expect(first.closed).toBe(false);
    expect(states()).toEqual(["connecting", "streaming"]);
    expect(cam.stats.reconnects).toBe(0);
    expect(() => cam.setIntervalMs(-1)).toThrow(RangeError);

    first.end();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(opened).toEqual([3_000, 500]);
    expect(second.intervals).toEqual([]);
    await cam.stop();
  });
});
