import "../../../polyfills.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { h264TestClip, type RtspServer, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CameraPipeline } from "../../../capture/camera-pipeline.js";
import { hasMedia } from "../../../media.test-support.js";
import { CameraRecorder, type ClosedSegment } from "./camera-recorder.js";
import { INDEX_FILE } from "./segment-index.js";
import { segmentUri } from "./segment-names.js";

const unavailable = hasMedia ? rtspUnavailableReason() : "shared media missing";
if (unavailable) console.warn(`recording integration tests skipped: ${unavailable}`);

async function waitFor(what: string, check: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a player sees of a file's video stream. */
function probe(path: string): Record<string, string> {
  const args = ["-v", "error", "-select_streams", "v:0", "-of", "default=noprint_wrappers=1"];
  args.push("-show_entries", "stream=codec_name,profile,width,height,pix_fmt:format=duration", path);
  const result = spawnSync("ffprobe", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ffprobe ${path}: ${result.stderr}`);
  return Object.fromEntries(
    result.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string]),
  );
}

/** Frames ffmpeg can decode from the file, end to end; a broken file fails or decodes none. */
function decodableFrames(path: string): number {
  const args = ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries"];
  args.push("stream=nb_read_frames", "-of", "csv=p=0", path);
  const result = spawnSync("ffprobe", args, { encoding: "utf8" });
  if (result.status !== 0 || result.stderr.trim() !== "")
    throw new Error(`decoding ${path}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

describe.skipIf(unavailable !== undefined)("recording a real RTSP camera", () => {
  let clip: string;
  let server: RtspServer;
  let dir: string;

  beforeAll(async () => {
    clip = h264TestClip();
    server = await startRtspServer({ clip, loop: true });
    dir = mkdtempSync(join(tmpdir(), "recording-rtsp-"));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("cuts playable segments on keyframes, survives a camera restart with the gap reported", async () => {
    const segments: ClosedSegment[] = [];
    const logs: string[] = [];
    const recorder = new CameraRecorder({
      camera: "cam-1",
      dir,
      settings: { segmentSeconds: 10 },
      onSegment: (segment) => segments.push(segment),
      log: (message) => logs.push(message),
    });
    await recorder.start();
    const frames: number[] = [];
    const pipeline = new CameraPipeline({
      camera: "cam-1",
      url: server.url(),
      intervalMs: 1_000,
      backoff: { initialMs: 200 },
      onFrame: (frame) => {
        frames.push(frame.capturedAt);
      },
    });
    pipeline.tapPackets(recorder);
    void pipeline.start();
    try {
      await waitFor("two segments", () => segments.length >= 2);
      expect(recorder.stats.gaps).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const restartedAt = Date.now();
      await server.restart();
      await waitFor("the cut segment", () => segments.length >= 3);
      await waitFor(
        "recording again",
        () => recorder.stats.state === "recording" && recorder.stats.gaps === 1,
      );
      expect(Date.now() - restartedAt).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    } finally {
      await pipeline.stop();
      await recorder.stop();
    }
    // Analysis went on beside the recording, before and after the restart.
    expect(frames.length).toBeGreaterThan(20);
    expect(segments).toHaveLength(4);
    expect(recorder.stats).toMatchObject({ segments: 4, gaps: 1, state: "waiting", droppedPackets: 0 });
    expect(recorder.stats.lastGapMs).toBeGreaterThan(0);
    expect(logs.some((l) => /recording gap of \d+\.\d s/.test(l))).toBe(true);

    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(segments.map((s) => `${s.segment}.mp4`).sort());
    const source = probe(clip);
    for (const [i, segment] of segments.entries()) {
      const path = join(dir, `${segment.segment}.mp4`);
      const seen = probe(path);
      // Copied, not re-encoded: the stream is exactly what the camera sent.
      expect({ ...seen, duration: undefined }).toEqual({ ...source, duration: undefined });
      expect(decodableFrames(path)).toBeGreaterThan(15);
      expect(segment).toMatchObject({
        codec: "h264",
        container: "mp4",
        uri: segmentUri("cam-1", segment.segment),
      });
      expect(Math.abs(Number(seen.duration) * 1000 - segment.durationMs)).toBeLessThan(250);
      if (i < 2) {
        // Cut at the first keyframe (every 2 s) after 10 s.
        expect(segment.durationMs).toBeGreaterThan(9_900); // the last frame's length is estimated
        expect(segment.durationMs).toBeLessThan(12_500);
      }
      const next = segments[i + 1];
      if (i === 0 && next)
        expect(Math.abs(next.startedAt - (segment.startedAt + segment.durationMs))).toBeLessThan(300);
      if (i === 2 && next) expect(next.startedAt).toBeGreaterThan(segment.startedAt + segment.durationMs);
    }
    const index = readFileSync(join(dir, INDEX_FILE), "utf8").trim().split("\n");
    expect(index.map((line) => JSON.parse(line).add.id)).toEqual(segments.map((s) => s.segment));
  }, 120_000);
});
