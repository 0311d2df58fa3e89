import "../polyfills.js";
import {
  getFreePort,
  h264TestClip,
  type RtspServer,
  rtspUnavailableReason,
  startRtspServer,
} from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia } from "../media.test-support.js";
import { openFrameSource } from "./av-frame-source.js";
import { CameraPipeline, type CameraPipelineOptions, type CameraStatusUpdate } from "./camera-pipeline.js";
import type { CapturedFrame } from "./frame-source.js";
import { probeCamera } from "./probe-camera.js";

const unavailable = hasMedia ? rtspUnavailableReason() : "shared media missing";
if (unavailable) console.warn(`capture integration tests skipped: ${unavailable}`);

async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A started pipeline that records what it reports. */
function watch(options: Omit<CameraPipelineOptions, "onFrame" | "onStatus">) {
  const frames: CapturedFrame[] = [];
  const statuses: CameraStatusUpdate[] = [];
  const pipeline = new CameraPipeline({
    ...options,
    onFrame: (frame) => {
      frames.push(frame);
    },
    onStatus: (status) => statuses.push(status),
  });
  void pipeline.start();
  return { pipeline, frames, statuses };
}

function nonBlack(frame: CapturedFrame): boolean {
  let sum = 0;
  for (let i = 0; i < frame.data.length; i += 97) sum += frame.data[i] ?? 0;
  return sum > 0;
}

describe.skipIf(unavailable !== undefined)("camera capture over real RTSP", () => {
  let clip: string;
  let server: RtspServer;

  beforeAll(async () => {
    clip = h264TestClip();
    server = await startRtspServer({ clip, loop: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("samples downscaled frames at the interval while broken cameras beside it keep failing", async () => {
    const good = watch({ camera: "good", url: server.url(), intervalMs: 500, maxWidth: 384 });
    const missing = watch({ camera: "404", url: server.url("/no-such-path"), backoff: { initialMs: 200 } });
    const closedPort = `rtsp://127.0.0.1:${await getFreePort()}/stream`;
    const refused = watch({ camera: "refused", url: closedPort, backoff: { initialMs: 200 } });
    try {
      await waitFor("7 frames", () => good.frames.length >= 7);
      const streaming = good.statuses.findLast((s) => s.state === "streaming");
      expect(streaming?.stream).toMatchObject({ width: 768, height: 576, codec: "h264" });
      // Estimated from a second of RTP timestamps, so only roughly the clip's 10 fps.
      expect(streaming?.stream?.fps).toBeGreaterThan(8);
      expect(streaming?.stream?.fps).toBeLessThan(12);
      for (const frame of good.frames) {
        expect([frame.width, frame.height, frame.data.length]).toEqual([384, 288, 384 * 288 * 3]);
        expect(nonBlack(frame)).toBe(true);
      }
      const gaps = good.frames.slice(1).map((frame, i) => frame.time - (good.frames[i]?.time ?? 0));
      // Stream time, so the burst of frames buffered while the stream opened still counts at its real spacing.
      for (const gap of gaps) expect(Math.abs(gap - 0.5)).toBeLessThan(0.15);
      for (const broken of [missing, refused]) {
        expect(broken.frames).toHaveLength(0);
        expect(broken.statuses.some((s) => s.state === "reconnecting")).toBe(true);
      }
      expect(good.pipeline.stats.reconnects).toBe(0);
    } finally {
      await Promise.all([good, missing, refused].map(({ pipeline }) => pipeline.stop()));
    }
  });

  it("reconnects with growing delays while the camera is down and streams again when it returns", async () => {
    const camera = await startRtspServer({ clip, loop: true });
    const { pipeline, frames, statuses } = watch({
      camera: "flaky",
      url: camera.url(),
      intervalMs: 1_000,
      stallTimeoutMs: 3_000,
      backoff: { initialMs: 200, jitter: 0 },
    });
    try {
      await waitFor("first frame", () => frames.length >= 1);
      await camera.stop();
      await waitFor(
        "three reconnect attempts",
        () => statuses.filter((s) => s.state === "reconnecting").length >= 3,
      );
      const delays = statuses.filter((s) => s.state === "reconnecting").map((s) => s.retryInMs ?? 0);
      expect(delays.slice(0, 3)).toEqual([200, 400, 800]);
      const before = frames.length;
      await camera.restart();
      await waitFor("frames after the restart", () => frames.length > before);
      expect(statuses.at(-1)?.state).toBe("streaming");
      expect(pipeline.stats.reconnects).toBeGreaterThanOrEqual(3);
    } finally {
      await pipeline.stop();
      await camera.stop();
    }
  });

  it("probes a camera: stream info and a first full-size picture", async () => {
    const probe = await probeCamera(server.url());
    expect(probe.stream).toMatchObject({ width: 768, height: 576, codec: "h264" });
    expect(probe.stream.fps).toBe(10);
    expect([probe.frame.width, probe.frame.height]).toEqual([768, 576]);
    expect(nonBlack(probe.frame)).toBe(true);
    console.info(
      `probe: open ${probe.openMs.toFixed(0)} ms, first frame ${probe.firstFrameMs.toFixed(0)} ms`,
    );
  });

  it("reads a video file, decoding only the keyframes it needs", async () => {
    const source = await openFrameSource(clip, { intervalMs: 4_000 });
    let count = 0;
    for await (const frame of source) {
      count += 1;
      expect(nonBlack(frame)).toBe(true);
    }
    await source.close();
    // 79.5 s at one frame per 4 s; the 2 s GOP lets almost every other packet stay undecoded.
    expect(count).toBeGreaterThanOrEqual(19);
    expect(count).toBeLessThanOrEqual(21);
    expect(source.stats.packetsSkipped).toBeGreaterThan(source.stats.packets * 0.8);
  });

  it("packs rows of a width FFmpeg pads (100 px: 300-byte rows in 384-byte lines)", async () => {
    const source = await openFrameSource(clip, { intervalMs: 4_000, maxWidth: 100 });
    const frames: CapturedFrame[] = [];
    for await (const frame of source) if (frames.push(frame) >= 2) break;
    await source.close();
    for (const frame of frames) {
      expect([frame.width, frame.height, frame.data.length]).toEqual([100, 76, 100 * 76 * 3]);
      // The bottom rows used to be read past the end of the already-packed buffer and came out black.
      expect(nonBlack({ ...frame, data: frame.data.subarray(frame.data.length - 3 * 100 * 10) })).toBe(true);
    }
  });

  it("runs a pipeline on a video file at the pace a camera would send it", async () => {
    const { pipeline, frames, statuses } = watch({
      camera: "file",
      url: clip,
      intervalMs: 500,
      realtime: true,
    });
    try {
      await waitFor("4 frames", () => frames.length >= 4);
      expect(statuses.find((s) => s.state === "streaming")?.stream).toMatchObject({ width: 768, fps: 10 });
      const wallGaps = frames.slice(1, 4).map((frame, i) => frame.capturedAt - (frames[i]?.capturedAt ?? 0));
      for (const gap of wallGaps) expect(Math.abs(gap - 500)).toBeLessThan(150);
    } finally {
      await pipeline.stop();
    }
  });

  it("rejects a probe of a URL that does not exist", async () => {
    await expect(probeCamera(server.url("/nope"), { timeoutMs: 5_000 })).rejects.toThrow();
  });
});
