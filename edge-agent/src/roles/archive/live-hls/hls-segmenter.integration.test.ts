import "../../../polyfills.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { h264TestClip } from "@sitewatch/testkit";
import { describe, expect, it } from "vitest";
import { hasMedia } from "../../../media.test-support.js";
import {
  clipWithoutParameterSets,
  feedClip,
  hasLibx265,
  probe,
  probeBuffer,
} from "./hls-media.test-support.js";
import { type HlsSegment, HlsSegmenter } from "./hls-segmenter.js";

const hasFfmpeg = spawnSync("ffmpeg", ["-version"]).status === 0;
const unavailable = !hasMedia || !hasFfmpeg;

function segmenter(segmentMs: number) {
  const segments: HlsSegment[] = [];
  const dropped: string[] = [];
  const tap = new HlsSegmenter({
    segmentMs,
    onSegment: (segment) => segments.push(segment),
    onDropped: (why) => dropped.push(why),
  });
  // As a camera would: its next GOP comes after the last segment is muxed.
  return { tap, segments, dropped, paced: { pace: () => tap.idle() } };
}

/** The test clip re-encoded with a keyframe only every 12 s (longer than a live segment may be). */
function longGopClip(): string {
  const target = join(tmpdir(), "sitewatch-testkit-cache", "vtest-h264-g120-30s.mp4");
  if (existsSync(target)) return target;
  mkdirSync(join(tmpdir(), "sitewatch-testkit-cache"), { recursive: true });
  const partial = `${target}.${process.pid}.partial.mp4`;
  const args = ["-hide_banner", "-loglevel", "error", "-y", "-i", h264TestClip(), "-t", "30", "-an"];
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-g", "120", "-keyint_min", "120", "-bf", "0");
  const result = spawnSync("ffmpeg", [...args, "-sc_threshold", "0", partial], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  renameSync(partial, target);
  return target;
}

describe.skipIf(unavailable)("HlsSegmenter on recorded clips", () => {
  it("cuts H.264 at the first keyframe after segmentMs; each segment plays alone, parameter sets in-band", async () => {
    const clip = clipWithoutParameterSets("h264");
    const { tap, segments, dropped, paced } = segmenter(1_000);
    const packets = await feedClip(tap, clip, paced);
    await tap.idle();
    expect(packets).toBe(795);
    expect(dropped).toEqual([]);
    // A keyframe every 20 frames at 10 fps: 1 s rounds up to the 2 s GOP; the last 15 frames end it.
    expect(segments.map((s) => s.durationMs)).toEqual([...Array(39).fill(2_000), 1_500]);
    expect(segments.every((s) => !s.discontinuity)).toBe(true);
    const source = probe(h264TestClip()).stream;
    for (const [i, segment] of segments.entries()) {
      if (i > 2 && i < segments.length - 1) continue; // the first three and the short last one
      const seen = probeBuffer(segment.data);
      // Copied, not re-encoded; decodable without anything from the clip's header.
      expect(seen.stream).toEqual(source);
      expect(seen).toMatchObject({ frames: i === segments.length - 1 ? 15 : 20, errors: "" });
      expect(seen.firstFlags.startsWith("K")).toBe(true);
    }
    const captured = segments.map((s) => s.capturedAt);
    expect(captured).toEqual([...captured].sort((a, b) => a - b));
  });

  it.skipIf(!hasLibx265())("does the same for H.265", async () => {
    const clip = clipWithoutParameterSets("hevc");
    const { tap, segments, paced } = segmenter(2_500);
    await feedClip(tap, clip, paced);
    await tap.idle();
    // 12 s of video, a keyframe every 2 s: 2.5 s rounds up to 4 s.
    expect(segments.map((s) => s.durationMs)).toEqual([4_000, 4_000, 4_000]);
    const source = probe(clip).stream;
    expect(source.codec_name).toBe("hevc");
    for (const segment of segments) {
      const seen = probeBuffer(segment.data);
      expect(seen.stream).toEqual(source);
      expect(seen).toMatchObject({ frames: 40, errors: "" });
      expect(seen.firstFlags.startsWith("K")).toBe(true);
    }
  });

  it("marks the first segment of a new connection as a discontinuity, and follows a segmentMs change", async () => {
    const clip = h264TestClip();
    const { tap, segments, paced } = segmenter(1_000);
    await feedClip(tap, clip, { ...paced, maxPackets: 100 }); // 5 GOPs
    tap.segmentMs = 4_000; // a renewal asking for longer segments
    await feedClip(tap, clip, { ...paced, maxPackets: 100 });
    await tap.idle();
    expect(segments.map((s) => [s.durationMs, s.discontinuity])).toEqual([
      [2_000, false],
      [2_000, false],
      [2_000, false],
      [2_000, false],
      [2_000, false],
      [4_000, true],
      [4_000, false],
      [2_000, false],
    ]);
    for (const segment of segments.slice(4, 6)) expect(probeBuffer(segment.data).errors).toBe("");
  });

  it("gives up a segment without a keyframe within 10 s instead of holding it", async () => {
    const { tap, segments, dropped, paced } = segmenter(1_000);
    await feedClip(tap, longGopClip(), paced);
    await tap.idle();
    // Keyframes at 0, 12 and 24 s: the first two GOPs run past 10 s; the last 6 s end the stream.
    expect(dropped).toEqual(["no keyframe within 10 s", "no keyframe within 10 s"]);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ durationMs: 6_000, discontinuity: true });
    expect(probeBuffer(segments[0]?.data ?? Buffer.alloc(0))).toMatchObject({ frames: 60, errors: "" });
  });

  it("gives up segments rather than queue them when muxing cannot keep up", async () => {
    const { tap, segments, dropped } = segmenter(1_000);
    await feedClip(tap, h264TestClip()); // 80 s of video in well under a second
    await tap.idle();
    expect(dropped.length).toBeGreaterThan(0);
    expect(new Set(dropped)).toEqual(new Set(["muxing fell behind"]));
    expect(segments.length + dropped.length).toBe(40);
    // Each segment sent after one was given up says so.
    expect(segments.filter((s) => s.discontinuity).length).toBeGreaterThan(0);
  });

  it("stops at close: the open segment is dropped and nothing more comes", async () => {
    const { tap, segments, paced } = segmenter(1_000);
    // 30 packets: one segment cut at the second keyframe, ten packets gathered after it.
    const withoutEnd = { begin: tap.begin.bind(tap), packet: tap.packet.bind(tap), end: () => undefined };
    await feedClip(withoutEnd, h264TestClip(), { ...paced, maxPackets: 30 });
    await tap.idle();
    expect(segments.map((s) => s.durationMs)).toEqual([2_000]);
    await tap.close();
    await feedClip(tap, h264TestClip(), { ...paced, maxPackets: 60 });
    await tap.idle();
    expect(segments).toHaveLength(1);
  });
});
