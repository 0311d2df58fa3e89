import { openFrameSource } from "./av-frame-source.js";
import type { CapturedFrame, StreamInfo } from "./frame-source.js";

export interface ProbeResult {
  stream: StreamInfo;
  /** The first decodable picture, full size unless `maxWidth` was given. */
  frame: CapturedFrame;
  /** How long opening the stream took (RTSP handshake and stream analysis). */
  openMs: number;
  /** Opening plus waiting for the first decodable picture. */
  firstFrameMs: number;
}

export interface ProbeOptions {
  /** Overall limit; default 15 s (RTSP opens take 3–5 s, then up to a GOP until a keyframe). */
  timeoutMs?: number;
  maxWidth?: number;
  /** How long to keep reading after the first picture to measure the frame rate; default 3 s, 0 = don't. */
  fpsWindowMs?: number;
  signal?: AbortSignal;
}

/**
 * Connects once, reads what the camera sends and its first picture, then disconnects: what `edge-agent init`
 * shows when a camera is added and what a snapshot request returns. Rejects with a readable reason.
 */
export async function probeCamera(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no picture within ${timeoutMs} ms`)), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const started = performance.now();
  try {
    const source = await openFrameSource(url, {
      intervalMs: 0,
      keyframes: "always",
      maxWidth: options.maxWidth,
      timeoutMs,
      signal,
    });
    const openMs = performance.now() - started;
    const onAbort = () => void source.close().catch(() => undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    let first: { frame: CapturedFrame; at: number } | undefined;
    let settle: ReturnType<typeof setTimeout> | undefined;
    try {
      for await (const frame of source) {
        first ??= { frame, at: performance.now() - started };
        // FFmpeg's frame rate is a guess from one second of video; reading on to the next keyframe (within
        // `fpsWindowMs`) lets the source measure it from timestamps. Closing the source ends this loop.
        const windowMs = options.fpsWindowMs ?? 3_000;
        if (windowMs <= 0 || frame.time - first.frame.time >= 2) break;
        settle ??= setTimeout(onAbort, windowMs);
      }
      if (first === undefined) {
        throw signal.aborted ? signal.reason : new Error("the stream ended before the first picture");
      }
      return { stream: source.info, frame: first.frame, openMs, firstFrameMs: first.at };
    } finally {
      clearTimeout(settle);
      signal.removeEventListener("abort", onAbort);
      await source.close();
    }
  } finally {
    clearTimeout(timer);
  }
}
