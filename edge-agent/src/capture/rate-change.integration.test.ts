import "../polyfills.js";
import { h264TestClip, type RtspServer, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia } from "../media.test-support.js";
import { openFrameSource } from "./av-frame-source.js";
import { CameraPipeline, type CameraStatusUpdate } from "./camera-pipeline.js";
import type { CapturedFrame } from "./frame-source.js";

// A gate camera idling at a keyframe-only rate switches to its active rate when a truck arrives. Over a
// real RTSP connection the switch must not reconnect, nor wait for the next keyframe (the test clip: 10 fps,
// one every 2 s): the packets dropped since the last one are decoded after all, and frames come at once.
const unavailable = hasMedia ? rtspUnavailableReason() : "shared media missing";
if (unavailable) console.warn(`rate change integration test skipped: ${unavailable}`);

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function nonBlack(frame: CapturedFrame): boolean {
  let sum = 0;
  for (let i = 0; i < frame.data.length; i += 97) sum += frame.data[i] ?? 0;
  return sum > 0;
}

/** Stream-time gaps between consecutive frames, in seconds rounded to ms. */
function gaps(frames: CapturedFrame[]): number[] {
  return frames.slice(1).map((frame, i) => Math.round((frame.time - (frames[i]?.time ?? 0)) * 1000) / 1000);
}

describe.skipIf(unavailable !== undefined)("changing a running camera's sampling rate over real RTSP", () => {
  let server: RtspServer;

  beforeAll(async () => {
    server = await startRtspServer({ clip: h264TestClip(), loop: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("samples at the new rate on the same connection, keyframes only again once slow", async () => {
    const frames: CapturedFrame[] = [];
    const statuses: CameraStatusUpdate[] = [];
    let opens = 0;
    const pipeline = new CameraPipeline({
      camera: "gate",
      url: server.url(),
      intervalMs: 4_000,
      maxWidth: 384,
      onFrame: (frame) => {
        frames.push(frame);
      },
      onStatus: (status) => statuses.push(status),
      openSource: (url, options) => {
        opens += 1;
        return openFrameSource(url, options);
      },
    });
    void pipeline.start();
    try {
      // Two frames 4 s apart: by then the GOP is known and only keyframes are decoded.
      await waitFor("two idle frames", () => frames.length >= 2);
      const skippedIdle = pipeline.stats.packetsSkipped;
      expect(skippedIdle).toBeGreaterThan(10);

      const switchedAt = Date.now();
      const idle = frames.length;
      pipeline.setIntervalMs(200);
      await waitFor("ten active frames", () => frames.length >= idle + 10);
      const active = frames.slice(idle);
      console.info(
        `rate change: first frame ${(active[0]?.capturedAt ?? 0) - switchedAt} ms after the switch`,
      );
      // The switch comes just after a sampled keyframe: waiting for the next one would take 2 s.
      expect((active[0]?.capturedAt ?? Number.POSITIVE_INFINITY) - switchedAt).toBeLessThan(1_000);
      // Within a frame of 0.2 s each (the server stamps packets on arrival), 0.2 s on average.
      const activeGaps = gaps(active);
      for (const gap of activeGaps) expect(Math.abs(gap - 0.2)).toBeLessThan(0.1);
      expect(activeGaps.reduce((sum, gap) => sum + gap, 0) / activeGaps.length).toBeCloseTo(0.2, 1);
      // Real pictures, replayed or not (an empty decode comes out black).
      for (const frame of active) expect(nonBlack(frame)).toBe(true);

      const fast = frames.length;
      pipeline.setIntervalMs(4_000);
      await waitFor("two idle frames again", () => frames.length >= fast + 2, 30_000);
      expect(gaps(frames.slice(fast)).every((gap) => gap >= 3.9)).toBe(true);
      expect(pipeline.stats.packetsSkipped).toBeGreaterThan(skippedIdle + 20);

      expect(opens).toBe(1);
      expect(pipeline.stats.reconnects).toBe(0);
      expect(statuses.map((s) => s.state)).not.toContain("reconnecting");
    } finally {
      await pipeline.stop();
    }
  }, 90_000);
});
