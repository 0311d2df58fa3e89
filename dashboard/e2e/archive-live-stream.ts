import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The real street clip (../shared/media beside the repository): 10 fps MS-MPEG4, re-encoded here. */
export const STREET_CLIP = fileURLToPath(new URL("../../../shared/media/vtest.avi", import.meta.url));

/** Why the live stream cannot be made here, or undefined. */
export function liveStreamUnavailable(): string | undefined {
  if (spawnSync("ffmpeg", ["-version"]).status !== 0) return "no ffmpeg on PATH";
  if (!existsSync(STREET_CLIP)) return `no test clip at ${STREET_CLIP}`;
  return undefined;
}

export interface LiveEdge {
  /** The newest segment's media sequence number. */
  sequence: number;
  /** Wall-clock time the newest listed segment ends (its PROGRAM-DATE-TIME plus its duration), ms. */
  endsAt: number;
}

export interface LiveStream {
  /** The folder ffmpeg writes `index.m3u8` and `<n>.ts` into. */
  readonly dir: string;
  playlist(): string | undefined;
  /** The live edge of the playlist as written right now. */
  edge(): LiveEdge | undefined;
  stop(): void;
}

/**
 * A real live HLS stream as a camera's agent would make one: the clip looped at its real rate,
 * H.264 with a keyframe every second, 1 s segments, a sliding window of six with old segments
 * deleted, and each segment's capture time in EXT-X-PROGRAM-DATE-TIME. Segment URIs are
 * `segments/<n>.ts`, relative to the playlist, like the hub's.
 */
export async function startLiveStream(clip = STREET_CLIP): Promise<LiveStream> {
  const dir = mkdtempSync(join(tmpdir(), "sitewatch-live-hls-"));
  // biome-ignore format: one ffmpeg option per line would hide its structure.
  const args = [
    "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip, "-an",
    "-vf", "scale=384:-2", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
    "-pix_fmt", "yuv420p", "-g", "10", "-keyint_min", "10", "-sc_threshold", "0",
    "-f", "hls", "-hls_time", "1", "-hls_list_size", "6",
    "-hls_flags", "delete_segments+program_date_time+temp_file",
    "-hls_segment_filename", join(dir, "%d.ts"), "-hls_base_url", "segments/", join(dir, "index.m3u8"),
  ];
  const ffmpeg: ChildProcess = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  ffmpeg.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const playlist = () => {
    try {
      return readFileSync(join(dir, "index.m3u8"), "utf8");
    } catch {
      return undefined;
    }
  };
  const stream: LiveStream = {
    dir,
    playlist,
    edge: () => liveEdgeOf(playlist()),
    stop() {
      ffmpeg.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Three segments listed: enough for a player to start two behind the edge.
  const deadline = Date.now() + 20_000;
  while ((stream.edge()?.sequence ?? -1) < 2) {
    if (ffmpeg.exitCode !== null || Date.now() > deadline) {
      stream.stop();
      throw new Error(`ffmpeg made no live stream: ${errors || `exit ${ffmpeg.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return stream;
}

/** The newest segment of a playlist: its sequence number and the wall-clock time it ends. */
export function liveEdgeOf(text: string | undefined): LiveEdge | undefined {
  if (!text) return undefined;
  const first = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? Number.NaN);
  let count = 0;
  let date: number | undefined;
  let duration = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) date = Date.parse(line.slice(25));
    else if (line.startsWith("#EXTINF:")) duration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith("#")) count++;
  }
  if (!Number.isFinite(first) || count === 0 || date === undefined) return undefined;
  return { sequence: first + count - 1, endsAt: date + duration * 1000 };
}
