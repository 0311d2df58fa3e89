import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GateClip, makeGateClip } from "./gate-clip.js";
import { GATE_MEDIA_DIR, gateMediaUnavailableReason } from "./gate-labels.js";

const unavailable =
  gateMediaUnavailableReason() ??
  (spawnSync("ffmpeg", ["-version"]).status === 0 ? undefined : "ffmpeg not found on PATH");
if (unavailable) console.warn(`gate clip tests skipped: ${unavailable}`);

// Frames are compared as 160×90 grey pictures: enough to tell pictures and an empty lane apart.
const W = 160;
const H = 90;
const FRAME = W * H;

/** Decoded to tiny grey frames by FFmpeg itself, so the test reads what any decoder would show. */
function greyFrames(input: string, scaleFirst = ""): Buffer {
  const args = ["-hide_banner", "-loglevel", "error", "-i", input, "-vf", `${scaleFirst}scale=${W}:${H}`];
  const result = spawnSync("ffmpeg", [...args, "-pix_fmt", "gray", "-f", "rawvideo", "-"], {
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`ffmpeg failed on ${input}: ${result.stderr}`);
  return result.stdout;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

function stdDev(pixels: Uint8Array): number {
  const mean = pixels.reduce((s, v) => s + v, 0) / pixels.length;
  return Math.sqrt(pixels.reduce((s, v) => s + (v - mean) ** 2, 0) / pixels.length);
}

/** Columns [from, to) of a frame, row by row. */
function columns(frame: Uint8Array, from: number, to: number): Uint8Array {
  const out: number[] = [];
  for (let y = 0; y < H; y++) out.push(...frame.subarray(y * W + from, y * W + to));
  return Uint8Array.from(out);
}

describe.skipIf(unavailable !== undefined)("gate clip from the container pictures", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "gate-clip-test-"));
  let clip: GateClip;
  let frames: Buffer;
  const frameAt = (seconds: number) => {
    const n = Math.round(seconds * clip.timeline.fps);
    return frames.subarray(n * FRAME, (n + 1) * FRAME);
  };
  const pictures = new Map<string, Buffer>();
  const picture = (image: string) => {
    const grey = pictures.get(image) ?? greyFrames(join(GATE_MEDIA_DIR, image), "scale=1280:720,");
    pictures.set(image, grey);
    return grey;
  };

  beforeAll(() => {
    clip = makeGateClip({ cacheDir });
    frames = greyFrames(clip.path);
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("is H.264 at 1280×720, 10 fps, without B-frames, as long as its timeline", () => {
    expect(clip.rendered).toBe(true);
    const probe = spawnSync(
      "ffprobe",
      ["-v", "error", "-show_streams", "-show_format", "-of", "json", clip.path],
      {
        encoding: "utf8",
      },
    );
    const { streams, format } = JSON.parse(probe.stdout);
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ codec_name: "h264", width: 1280, height: 720, pix_fmt: "yuv420p" });
    expect(streams[0]).toMatchObject({ r_frame_rate: "10/1", has_b_frames: 0 });
    expect(Number(format.duration)).toBeCloseTo(clip.timeline.durationS, 1);
    expect(clip.timeline.durationS).toBeGreaterThanOrEqual(30);
    expect(clip.timeline.durationS).toBeLessThanOrEqual(60);
    expect(frames.length / FRAME).toBe(clip.timeline.durationS * clip.timeline.fps);
  });

  it("has a keyframe exactly every 2 s and nowhere else", () => {
    const probe = spawnSync(
      "ffprobe",
      [
        "-v",
        "error",
        "-select_streams",
        "v",
        "-show_entries",
        "packet=pts_time,flags",
        "-of",
        "csv=p=0",
        clip.path,
      ],
      { encoding: "utf8" },
    );
    const keyframes = probe.stdout
      .trim()
      .split("\n")
      .filter((line) => line.split(",")[1]?.startsWith("K"))
      .map((line) => Number(line.split(",")[0]));
    const every = clip.timeline.keyframeIntervalS;
    const expected = Array.from({ length: Math.ceil(clip.timeline.durationS / every) }, (_, i) => i * every);
    expect(keyframes).toEqual(expected);
  });

  it("shows each view, standing still, while the timeline says so", () => {
    for (const passage of clip.timeline.passages) {
      for (const view of passage.views) {
        const middle = frameAt((view.holdFromS + view.holdToS) / 2);
        expect(meanAbsDiff(middle, picture(view.image)), `${view.image}`).toBeLessThan(3);
        for (const other of passage.views.filter((o) => o !== view)) {
          expect(meanAbsDiff(middle, picture(other.image))).toBeGreaterThan(20);
        }
        const lastHeld = view.holdToS - 1 / clip.timeline.fps;
        expect(meanAbsDiff(frameAt(view.holdFromS), frameAt(lastHeld))).toBeLessThan(1);
      }
    }
  });

  it("keeps the lane empty between passages", () => {
    const lane = frameAt(0);
    expect(stdDev(lane)).toBeLessThan(2);
    const total = clip.timeline.durationS * clip.timeline.fps;
    let emptyFrames = 0;
    for (let n = 0; n < total; n++) {
      const t = n / clip.timeline.fps;
      if (clip.timeline.passages.some((p) => t > p.fromS && t < p.toS)) continue;
      expect(meanAbsDiff(frameAt(t), lane), `frame at ${t} s`).toBeLessThan(1);
      emptyFrames++;
    }
    expect(emptyFrames).toBeGreaterThanOrEqual(clip.timeline.passages.length * 20);
  });

  it("moves the vehicle in from the left and on to the right, frame by frame", () => {
    const step = 1 / clip.timeline.fps;
    for (const passage of clip.timeline.passages) {
      const [first] = passage.views;
      if (first === undefined) throw new Error("passage without views");
      // A third of the way in, the vehicle covers the left third and the right half is still empty lane.
      const entering = frameAt(first.enterS + (first.holdFromS - first.enterS) / 3);
      expect(stdDev(columns(entering, W / 2, W))).toBeLessThan(2);
      expect(stdDev(columns(entering, 0, W / 4))).toBeGreaterThan(10);
      for (let t = first.enterS + step; t < first.holdFromS; t += step) {
        expect(meanAbsDiff(frameAt(t), frameAt(t - step)), `${passage.passage} at ${t} s`).toBeGreaterThan(2);
      }
    }
  });

  it("comes from the cache the second time; other settings make another clip", () => {
    const again = makeGateClip({ cacheDir });
    expect(again).toMatchObject({ path: clip.path, rendered: false });
    const outPath = join(cacheDir, "copies", "one-view.mp4");
    const small = makeGateClip({ cacheDir, passages: ["124126001"], views: ["AS"], outPath });
    expect(small.rendered).toBe(true);
    expect(small.path).toBe(outPath);
    expect(existsSync(outPath)).toBe(true);
    expect(small.timeline.passages.map((p) => p.codes)).toEqual([["TRHU1700369"]]);
  });
});
