import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// Real, playable H.264 made by Debian's ffmpeg from its built-in test pattern: the hub never decodes
// video, but ffprobe reading what the hub serves proves the bytes and the playlist are intact.
const SOURCE = ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"];
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"];

/**
 * `count` MPEG-TS segments of one second each, every one starting with a keyframe (SPS/PPS in-band),
 * as an agent's live HLS remux cuts them; returns their bytes in order.
 */
export async function liveSegments(dir: string, count: number): Promise<Buffer[]> {
  const out = join(dir, "live");
  await run("mkdir", ["-p", out]);
  await run("ffmpeg", [
    ...SOURCE,
    "-t",
    String(count),
    ...H264,
    "-f",
    "hls",
    "-hls_time",
    "1",
    "-hls_list_size",
    "0",
    "-hls_segment_filename",
    join(out, "seg%03d.ts"),
    join(out, "index.m3u8"),
  ]);
  const names = (await readdir(out)).filter((n) => n.endsWith(".ts")).sort();
  return Promise.all(names.slice(0, count).map((n) => readFile(join(out, n))));
}

/** An archived segment as an agent records it: MP4 with `seconds` of video at about 400 kbit/s. */
export async function mp4Clip(dir: string, name: string, seconds: number): Promise<string> {
  const path = join(dir, `${name}.mp4`);
  await run("ffmpeg", [...SOURCE, "-t", String(seconds), ...H264, "-b:v", "400k", "-y", path]);
  return path;
}

/** What ffprobe reads from a URL (with optional request headers): the streams' codecs and the duration. */
export async function probe(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ codecs: string[]; durationS: number }> {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  const args = [
    "-v",
    "error",
    ...(lines.length > 0 ? ["-headers", lines.join("")] : []),
    "-show_entries",
    "stream=codec_name:format=duration",
    "-of",
    "json",
    url,
  ];
  const { stdout } = await run("ffprobe", args, { timeout: 30_000 });
  const parsed = JSON.parse(stdout) as { streams?: { codec_name: string }[]; format?: { duration?: string } };
  return {
    codecs: (parsed.streams ?? []).map((s) => s.codec_name),
    durationS: Number(parsed.format?.duration ?? Number.NaN),
  };
}
