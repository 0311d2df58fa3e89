import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  GATE_CLIP_DEFAULTS,
  type GateClipSegment,
  type GateClipSettings,
  type GateClipTimeline,
  planGateClip,
} from "./gate-clip-plan.js";
import { GATE_MEDIA_DIR, gateMediaUnavailableReason, readGateLabels } from "./gate-labels.js";

/**
 * A gate camera stand-in: an H.264 clip of trucks passing a gate, rendered by FFmpeg from the labelled
 * container pictures (derived from Ismailea4/ContainerVision-Marsa_Maroc, MIT licence; see
 * ../shared/media/containers/README.md). Rendered, not committed, and cached by a hash of everything
 * that goes into it, so a second run costs a file lookup.
 */
export interface GateClipOptions extends Partial<GateClipSettings> {
  /** Also copy the clip here (the cached copy stays). */
  outPath?: string;
  /** The labelled pictures; default ../shared/media/containers. */
  mediaDir?: string;
  /** Default: <tmp>/sitewatch-testkit-cache, shared with the other generated test media. */
  cacheDir?: string;
}

export interface GateClip {
  /** The mp4: H.264 without B-frames, SPS/PPS with every keyframe (RTSP clients can join mid-stream). */
  path: string;
  timeline: GateClipTimeline;
  /** False when the clip came from the cache. */
  rendered: boolean;
}

/** Bump when the rendering below changes, so cached clips of the old recipe are not reused. */
const RECIPE = "gate-clip-1";
const LANE_COLOUR = "0x505050";

export function makeGateClip(options: GateClipOptions = {}): GateClip {
  const {
    outPath,
    mediaDir = GATE_MEDIA_DIR,
    cacheDir = join(tmpdir(), "sitewatch-testkit-cache"),
  } = options;
  const reason = gateMediaUnavailableReason(mediaDir);
  if (reason !== undefined) throw new Error(`testkit: cannot make the gate clip: ${reason}`);
  const settings = settingsFrom(options);
  const { timeline, segments } = planGateClip(readGateLabels(mediaDir), settings);

  const hash = createHash("sha256").update(JSON.stringify({ RECIPE, LANE_COLOUR, settings, segments }));
  for (const image of new Set(segments.flatMap((segment) => segment.images))) {
    hash.update(readFileSync(join(mediaDir, image)));
  }
  const target = join(cacheDir, `gate-${hash.digest("hex").slice(0, 16)}.mp4`);
  const rendered = !existsSync(target);
  if (rendered) {
    mkdirSync(cacheDir, { recursive: true });
    // Unique name, then rename: parallel workers never read a half-written file.
    const partial = `${target}.${process.pid}.partial.mp4`;
    const result = spawnSync("ffmpeg", ffmpegArgs(timeline, segments, mediaDir, partial), {
      encoding: "utf8",
      timeout: 300_000,
    });
    if (result.status !== 0) {
      rmSync(partial, { force: true });
      throw new Error(`testkit: rendering the gate clip failed: ${result.error?.message ?? result.stderr}`);
    }
    renameSync(partial, target);
  }
  if (outPath !== undefined) {
    mkdirSync(dirname(outPath), { recursive: true });
    copyFileSync(target, outPath);
  }
  return { path: outPath ?? target, timeline, rendered };
}

function settingsFrom(options: GateClipOptions): GateClipSettings {
  const settings: GateClipSettings = { ...GATE_CLIP_DEFAULTS };
  for (const key of Object.keys(GATE_CLIP_DEFAULTS) as (keyof GateClipSettings)[]) {
    if (options[key] !== undefined) Object.assign(settings, { [key]: options[key] });
  }
  if (options.passages !== undefined) settings.passages = options.passages;
  if (settings.width % 2 !== 0 || settings.height % 2 !== 0) {
    throw new Error("testkit: gate clip width and height must be even (yuv420p)");
  }
  return settings;
}

/**
 * One FFmpeg run: per passage a grey lane with the strip of scaled pictures overlaid at a time-dependent x,
 * the passages concatenated, then H.264 with a fixed GOP (no scene-cut keyframes) so the keyframe interval
 * is exactly what the timeline says.
 */
function ffmpegArgs(
  timeline: GateClipTimeline,
  segments: readonly GateClipSegment[],
  mediaDir: string,
  out: string,
): string[] {
  const { width, height, fps } = timeline;
  const args = ["-hide_banner", "-loglevel", "error", "-y"];
  const graph: string[] = [];
  let input = 0;
  segments.forEach((segment, s) => {
    const panels: string[] = [];
    const frameCount = Math.round(segment.durationS * fps);
    for (const image of segment.images) {
      args.push("-i", join(mediaDir, image));
      // Decoded and scaled once, then repeated (per-frame JPEG decoding tripled the render time); one
      // spare frame, so the lane, not the picture, decides where the segment ends.
      const repeat = `loop=loop=${frameCount}:size=1,setpts=N/(${fps}*TB)`;
      graph.push(
        `[${input}:v]scale=${width}:${height},setsar=1,format=yuv420p,${repeat}[p${s}_${panels.length}]`,
      );
      panels.push(`[p${s}_${panels.length}]`);
      input++;
    }
    const strip = `[strip${s}]`;
    graph.push(
      panels.length === 1
        ? `${panels[0]}null${strip}`
        : `${panels.join("")}hstack=inputs=${panels.length}${strip}`,
    );
    graph.push(`color=c=${LANE_COLOUR}:s=${width}x${height}:r=${fps}:d=${segment.durationS}[lane${s}]`);
    graph.push(`[lane${s}]${strip}overlay=x='${xExpression(segment.motion)}':y=0:shortest=1[seg${s}]`);
  });
  graph.push(`${segments.map((_, s) => `[seg${s}]`).join("")}concat=n=${segments.length}:v=1:a=0[out]`);
  const gop = String(Math.round(timeline.keyframeIntervalS * fps));
  args.push("-filter_complex", graph.join(";"), "-map", "[out]", "-an", "-r", String(fps));
  args.push("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p");
  args.push("-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-bf", "0");
  args.push("-x264-params", "repeat-headers=1", "-movflags", "+faststart", out);
  return args;
}

/** Piecewise-linear x(t) through the motion points, as nested if() for overlay's per-frame evaluation. */
function xExpression(points: readonly { t: number; x: number }[]): string {
  const last = points[points.length - 1];
  if (last === undefined) return "0";
  let expression = String(last.x);
  for (let i = points.length - 2; i >= 0; i--) {
    const a = points[i] as { t: number; x: number };
    const b = points[i + 1] as { t: number; x: number };
    const slope = b.t === a.t ? 0 : (b.x - a.x) / (b.t - a.t);
    expression = `if(lt(t,${b.t}),${a.x}+(t-${a.t})*${slope},${expression})`;
  }
  // Before the first point (the lead-in gap) the strip waits off screen.
  return `if(lt(t,${points[0]?.t ?? 0}),${points[0]?.x ?? 0},${expression})`;
}
