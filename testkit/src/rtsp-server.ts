import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { track } from "./cleanup.js";
import { getFreePort, LOCALHOST } from "./free-port.js";
import { waitForExitSync } from "./kill-sync.js";
import { media } from "./media.js";

/**
 * A real RTSP camera stand-in: Debian's GStreamer RTSP server (through python3-gi) serving an H.264 clip.
 * It must run with the system python: the python3 first on PATH may be a separate install without `gi`.
 */
const SYSTEM_PYTHON = "/usr/bin/python3";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "rtsp-server.py");
const DEFAULT_PATH = "/stream";
const START_TIMEOUT_MS = 15_000;

export interface StartRtspServerOptions {
  /** An H.264 mp4 (see `h264TestClip`). */
  clip: string;
  /**
   * true: one shared live stream fed by `ffmpeg -re -stream_loop -1`, which never ends (a camera).
   * false (default): each client plays the file once from the start, then the stream ends.
   */
  loop?: boolean;
  /** Mount path; default "/stream". */
  path?: string;
  /**
   * More clips on the same server, each under its own mount path (e.g. a gate camera at "/gate" beside the
   * plaza at "/stream"), played the same way as `clip`.
   */
  more?: readonly { path: string; clip: string }[];
}

export interface RtspServer {
  /** rtsp://127.0.0.1:<port><path>; another path gives a URL the server answers with 404. */
  url(path?: string): string;
  readonly port: number;
  /** Kills the server (and its feeder), like a camera losing power; clients see their connection drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port, like the camera coming back. */
  restart(): Promise<void>;
}

/** Why RTSP tests cannot run here, or undefined when they can; for `describe.skipIf`. */
export function rtspUnavailableReason(): string | undefined {
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} not found`;
  const check = spawnSync(
    SYSTEM_PYTHON,
    ["-c", "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"],
    { encoding: "utf8", timeout: 10_000 },
  );
  if (check.status !== 0) {
    return "GStreamer RTSP server missing (apt-get install gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi)";
  }
  if (spawnSync("ffmpeg", ["-version"], { timeout: 10_000 }).status !== 0) return "ffmpeg not found on PATH";
  return undefined;
}

/**
 * `vtest.avi` from the shared media dir transcoded once to H.264 (mp4, a keyframe every `gop` frames —
 * 20 = 2 s at its 10 fps —, no B-frames, SPS/PPS repeated so clients can join mid-stream), cached in the
 * temp dir across runs.
 */
export function h264TestClip(source = defaultTestVideo(), gop = 20): string {
  if (!existsSync(source)) throw new Error(`testkit: test video ${source} not found`);
  const cacheDir = join(tmpdir(), "sitewatch-testkit-cache");
  const target = join(cacheDir, `vtest-h264-g${gop}.mp4`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  // Written under a unique name and renamed, so parallel workers never read a half-written file.
  const partial = `${target}.${process.pid}.partial.mp4`;
  const args = ["-hide_banner", "-loglevel", "error", "-y", "-i", source, "-an", "-c:v", "libx264"];
  args.push("-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", String(gop), "-bf", "0");
  args.push("-x264-params", "repeat-headers=1", partial);
  const result = spawnSync("ffmpeg", args, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`testkit: transcoding ${source} failed: ${result.stderr}`);
  renameSync(partial, target);
  return target;
}

function defaultTestVideo(): string {
  return media("vtest.avi");
}

/** Starts the server on a free 127.0.0.1 port; tracked, so it dies with the test process. */
export async function startRtspServer(options: StartRtspServerOptions): Promise<RtspServer> {
  const reason = rtspUnavailableReason();
  if (reason !== undefined) throw new Error(`testkit: cannot start an RTSP server: ${reason}`);
  const mount = options.path ?? DEFAULT_PATH;
  const streams: { path: string; clip: string; udpPort?: number }[] = [
    { path: mount, clip: options.clip },
    ...(options.more ?? []),
  ];
  for (const { clip } of streams) if (!existsSync(clip)) throw new Error(`testkit: clip ${clip} not found`);
  if (new Set(streams.map((stream) => stream.path)).size !== streams.length) {
    throw new Error("testkit: RTSP mount paths must differ");
  }
  const port = await getFreePort();
  if (options.loop) for (const stream of streams) stream.udpPort = await getFreePort();
  let children: ChildProcess[] = [];

  const killSync = () => {
    for (const child of children) {
      child.kill("SIGKILL");
      if (child.pid !== undefined) waitForExitSync(child.pid, 2_000);
    }
    children = [];
  };
  const start = async () => {
    const args = [SCRIPT, "--port", String(port), "--mode", options.loop ? "udp" : "file"];
    for (const { path, clip, udpPort } of streams) {
      args.push("--path", path);
      if (udpPort === undefined) args.push("--clip", clip);
      else args.push("--udp-port", String(udpPort));
    }
    const server = spawn(SYSTEM_PYTHON, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(server);
    await waitForReady(server);
    for (const { clip, udpPort } of streams)
      if (udpPort !== undefined) children.push(spawnFeeder(clip, udpPort));
    // The registry kills them on exit; without unref a test that forgets stop() would hang its worker.
    for (const child of children) {
      child.unref();
      for (const pipe of [child.stdout, child.stderr]) (pipe as { unref?: () => void } | null)?.unref?.();
    }
  };
  let untrack: (() => void) | undefined;
  const stop = async () => {
    killSync();
    untrack?.();
    untrack = undefined;
  };
  const launch = async () => {
    untrack ??= track({ label: `rtsp server (${LOCALHOST}:${port})`, stop, killSync });
    try {
      await start();
    } catch (error) {
      await stop();
      throw error;
    }
  };
  await launch();
  return {
    port,
    url: (path = mount) => `rtsp://${LOCALHOST}:${port}${path}`,
    stop,
    restart: async () => {
      killSync();
      await launch();
    },
  };
}

/** Resolves on the script's READY line; rejects with its output if it exits or hangs first. */
function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    const timer = setTimeout(() => fail("timed out"), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/^READY \d+/m.test(output)) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    function fail(why: string) {
      clearTimeout(timer);
      reject(new Error(`testkit: RTSP server did not start (${why}):\n${output.slice(-4000)}`));
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-16_000);
    });
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`exited with ${code ?? signal}`));
  });
}

/** Streams the clip forever, at its real frame rate, as RTP to the server's UDP input. */
function spawnFeeder(clip: string, udpPort: number): ChildProcess {
  const args = ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip];
  args.push("-an", "-c:v", "copy", "-f", "rtp", `rtp://${LOCALHOST}:${udpPort}`);
  return spawn("ffmpeg", args, { stdio: "ignore" });
}
