import { afterEach, describe, expect, it, vi } from "vitest";
import type { Analysis } from "./analysis-protocol.js";
import type { FaceAnalyser } from "./face-analyser.js";
import { FrameLoop } from "./frame-loop.js";

afterEach(() => vi.useRealTimers());

const bitmap = () => ({ close: vi.fn() }) as unknown as ImageBitmap;

function analyser(answer: (at: number) => Promise<Analysis>): FaceAnalyser {
  return { start: async () => undefined, analyse: (_b, at) => answer(at), stop: () => undefined };
}

describe("FrameLoop", () => {
  it("keeps one frame in flight and never exceeds its rate", async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let most = 0;
    const results: Analysis[] = [];
    const loop = new FrameLoop({
      analyser: analyser(async (at) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { at, face: null, workerMs: 5 };
      }),
      grab: async () => bitmap(),
      onAnalysis: (a) => results.push(a),
      onError: (err) => {
        throw err;
      },
      maxRate: 30,
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(1_000);
    loop.stop();
    expect(most).toBe(1);
    // 30/s at most (plus the first, which starts at once); a 5 ms analysis allows all of them.
    expect(results.length).toBeGreaterThanOrEqual(28);
    expect(results.length).toBeLessThanOrEqual(31);
    expect(loop.stats.analyses).toBe(results.length);
    expect(loop.stats.workerMs).toBe(5 * results.length);
    const after = results.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(results.length).toBe(after);
  });

  it("skips a failing frame but stops and reports when the analyser keeps failing", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const errors: Error[] = [];
    const loop = new FrameLoop({
      analyser: analyser(async (at) => {
        calls++;
        if (calls === 2 || calls >= 4) throw new Error(`frame ${calls} failed`);
        return { at, face: null, workerMs: 1 };
      }),
      grab: async () => bitmap(),
      onAnalysis: () => undefined,
      onError: (err) => errors.push(err),
      maxFailures: 3,
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(loop.stats.analyses).toBe(2);
    expect(errors.map((e) => e.message)).toEqual(["frame 6 failed"]);
    expect(loop.active).toBe(false);
    expect(calls).toBe(6);
  });

  it("waits for the camera: no frame yet means no analysis", async () => {
    vi.useFakeTimers();
    const analyse = vi.fn();
    const loop = new FrameLoop({
      analyser: { start: async () => undefined, analyse, stop: () => undefined },
      grab: async () => null,
      onAnalysis: () => undefined,
      onError: () => undefined,
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(300);
    loop.stop();
    expect(analyse).not.toHaveBeenCalled();
  });
});
