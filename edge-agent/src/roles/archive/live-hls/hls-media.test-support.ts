import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { h264TestClip } from "@sitewatch/testkit";
import { Demuxer } from "node-av/api";
import type { PacketTap } from "../../../capture/frame-source.js";

// Clips and checks for the live HLS tests: testkit's H.264 clip (768×576, 10 fps, a keyframe every 20
// frames, SPS/PPS repeated in-band) and copies of it whose packets carry no parameter sets at all.

export interface FeedOptions {
  maxPackets?: number;
  /**
   * Awaited after each keyframe: a camera's next GOP comes seconds later, so its segments are muxed
   * before the next is cut; without it the clip comes as fast as it demuxes.
   */
  pace?: () => Promise<void>;
}

/** Hands a clip's packets to a tap as one camera connection would. */
export async function feedClip(tap: PacketTap, clip: string, options: FeedOptions = {}) {
  const { maxPackets = Number.POSITIVE_INFINITY, pace } = options;
  const input = await Demuxer.open(clip);
  const stream = input.video();
  if (!stream) throw new Error(`${clip} has no video`);
  let packets = 0;
  tap.begin(stream);
  for await (const packet of input.packets(stream.index)) {
    if (!packet) break;
    const keyframe = packet.isKeyframe;
    tap.packet(packet);
    packet.free();
    packets += 1;
    if (keyframe) await pace?.();
    if (packets >= maxPackets) break;
  }
  tap.end();
  await input.close();
  return packets;
}

/**
 * The test clip with every in-band parameter set removed (they stay in the MP4 header only), in H.264
 * or re-encoded to H.265; a segment of it plays alone only if the muxer puts them back.
 */
export function clipWithoutParameterSets(codec: "h264" | "hevc"): string {
  const dir = join(tmpdir(), "sitewatch-testkit-cache");
  const target = join(dir, `vtest-${codec}-no-parameter-sets.mp4`);
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  const partial = `${target}.${process.pid}.partial.mp4`;
  const args = ["-hide_banner", "-loglevel", "error", "-y", "-i", h264TestClip(), "-an"];
  if (codec === "hevc") {
    args.push("-t", "12", "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1");
    args.push("-x265-params", "keyint=20:min-keyint=20:bframes=0:repeat-headers=0:log-level=error");
    args.push("-bsf:v", "filter_units=remove_types=32|33|34");
  } else args.push("-c:v", "copy", "-bsf:v", "filter_units=remove_types=7|8");
  args.push(partial);
  const result = spawnSync("ffmpeg", args, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`making ${target} failed: ${result.stderr}`);
  renameSync(partial, target);
  return target;
}

export const hasLibx265 = (): boolean =>
  spawnSync("ffmpeg", ["-hide_banner", "-encoders"], { encoding: "utf8" }).stdout?.includes("libx265");

/** What ffprobe makes of one file by itself. */
export interface Probed {
  stream: Record<string, string>;
  /** Frames decoded end to end; with `errors`, what the decoder complained about (nothing when whole). */
  frames: number;
  errors: string;
  /** ffprobe's flags of the first packet ("K_" for a keyframe). */
  firstFlags: string;
}

export function probe(path: string): Probed {
  const run = (args: string[]) => spawnSync("ffprobe", ["-v", "error", ...args, path], { encoding: "utf8" });
  const entries = "stream=codec_name,profile,width,height,pix_fmt";
  const info = run(["-select_streams", "v:0", "-of", "default=noprint_wrappers=1", "-show_entries", entries]);
  if (info.status !== 0) throw new Error(`ffprobe ${path}: ${info.stderr}`);
  const stream = Object.fromEntries(
    info.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string]),
  );
  const count = run(["-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames"]);
  const first = run(["-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=flags"]);
  return {
    stream,
    frames: Number(/nb_read_frames=(\d+)/.exec(count.stdout)?.[1] ?? 0),
    errors: count.stderr.trim(),
    firstFlags: /flags=(\S+)/.exec(first.stdout)?.[1] ?? "",
  };
}

/** ffprobe of an in-memory segment, through a temp file. */
export function probeBuffer(data: Buffer, name = "segment.ts"): Probed {
  const dir = mkdtempSync(join(tmpdir(), "hls-probe-"));
  try {
    const path = join(dir, name);
    writeFileSync(path, data);
    return probe(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
