import "../../../polyfills.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { h264TestClip, type RtspServer, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CameraPipeline } from "../../../capture/camera-pipeline.js";
import { hasMedia } from "../../../media.test-support.js";
import { CameraRecorder, type ClosedSegment } from "../recording/camera-recorder.js";
import { probe, probeBuffer } from "./hls-media.test-support.js";
import { type HlsSegment, HlsSegmenter } from "./hls-segmenter.js";

const unavailable = hasMedia ? rtspUnavailableReason() : "shared media missing";
if (unavailable) console.warn(`live HLS RTSP tests skipped: ${unavailable}`);

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== undefined)("live HLS from a real RTSP camera that is also recorded", () => {
  let server: RtspServer;
  let dir: string;

  beforeAll(async () => {
    server = await startRtspServer({ clip: h264TestClip(), loop: true });
    dir = mkdtempSync(join(tmpdir(), "hls-rtsp-"));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("joins the open connection, cuts playable segments on keyframes, and leaves recording alone", async () => {
    const recorded: ClosedSegment[] = [];
    const recorder = new CameraRecorder({
      camera: "cam-1",
      dir,
      settings: { segmentSeconds: 4 },
      onSegment: (segment) => recorded.push(segment),
      log: () => undefined,
    });
    await recorder.start();
    const pipeline = new CameraPipeline({
      camera: "cam-1",
      url: server.url(),
      intervalMs: 1_000,
      backoff: { initialMs: 200 },
      onFrame: () => undefined,
    });
    pipeline.tapPackets(recorder);
    void pipeline.start();
    const segments: HlsSegment[] = [];
    const dropped: string[] = [];
    const live = new HlsSegmenter({
      segmentMs: 1_000,
      onSegment: (segment) => segments.push(segment),
      onDropped: (why) => dropped.push(why),
    });
    let joinedAt = 0;
    let recordedAtUntap = 0;
    try {
      await waitFor("the camera streaming", () => pipeline.status.state === "streaming");
      await sleep(1_500);
      // A viewer arrives while the camera is connected and being recorded.
      joinedAt = Date.now();
      const untap = pipeline.tapPackets(live);
      await waitFor("four live segments", () => segments.length >= 4);
      // Within two keyframe intervals (2 s each) of joining: no reconnect was needed to start.
      expect((segments[0]?.capturedAt ?? 0) - joinedAt).toBeLessThan(2_500);
      untap();
      await live.idle();
      recordedAtUntap = recorded.length;
      const liveAtUntap = segments.length;
      await waitFor("recording going on", () => recorded.length >= recordedAtUntap + 2);
      expect(segments.length).toBe(liveAtUntap);
    } finally {
      await pipeline.stop();
      await recorder.stop();
      await live.close();
    }
    expect(pipeline.stats.reconnects).toBe(0);
    expect(dropped).toEqual([]);
    expect(recorder.stats).toMatchObject({ gaps: 0, droppedPackets: 0 });

    const source = probe(h264TestClip()).stream;
    const full = segments.slice(0, 4);
    for (const segment of full) {
      const seen = probeBuffer(segment.data);
      // The camera's own stream, copied: same codec parameters as the clip the server plays.
      expect(seen.stream).toEqual(source);
      expect(seen.errors).toBe("");
      expect(seen.firstFlags.startsWith("K")).toBe(true);
      // 1 s rounds up to the 2 s keyframe interval (the server stamps packets as they arrive).
      expect(Math.abs(segment.durationMs - 2_000)).toBeLessThan(300);
      expect(Math.abs(seen.frames - 20)).toBeLessThanOrEqual(1);
      expect(segment.capturedAt).toBeGreaterThanOrEqual(joinedAt);
    }
    expect(full.every((s) => !s.discontinuity)).toBe(true);
    for (let i = 1; i < full.length; i++) {
      const [a, b] = [full[i - 1], full[i]] as [HlsSegment, HlsSegment];
      // Read in real time: a segment's first packet comes one segment after the previous one's.
      expect(Math.abs(b.capturedAt - a.capturedAt - a.durationMs)).toBeLessThan(500);
    }
    // Recording went on as before, its segments cut at its own 4 s.
    for (const segment of recorded.slice(0, recordedAtUntap + 2)) {
      const seen = probe(join(dir, `${segment.segment}.mp4`));
      expect({ stream: seen.stream, errors: seen.errors }).toEqual({ stream: source, errors: "" });
    }
  }, 90_000);
});
