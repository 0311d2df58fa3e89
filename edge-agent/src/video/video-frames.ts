import { openFrameSource } from "../capture/av-frame-source.js";
import type { CapturedFrame } from "../capture/frame-source.js";

export interface VideoFramesOptions {
  /** Keep one frame every this many seconds of video (default: every frame). */
  everySeconds?: number;
  /** Stop after this many returned frames. */
  maxFrames?: number;
  signal?: AbortSignal;
}

/**
 * Sampled RGB frames of a video file or stream URL, for one-off tools like `edge-agent detect clip.mp4`;
 * the same FFmpeg capture code as the agent's camera pipelines, without their reconnecting.
 */
export async function* videoFrames(
  source: string,
  opts: VideoFramesOptions = {},
): AsyncGenerator<CapturedFrame> {
  const frames = await openFrameSource(source, {
    intervalMs: Math.round((opts.everySeconds ?? 0) * 1000),
    // Exact sample times matter more than decode cost for a one-off run.
    keyframes: "never",
    signal: opts.signal,
  });
  let returned = 0;
  try {
    for await (const frame of frames) {
      yield frame;
      returned += 1;
      if (opts.maxFrames && returned >= opts.maxFrames) break;
    }
  } finally {
    await frames.close();
  }
}
