import { openFrameSource } from "../../../capture/av-frame-source.js";
import type { RawImage } from "../../../vision/image/raw-image.js";

/** One sampled picture of a segment and where it lies in it. */
export interface SegmentFrame {
  image: RawImage;
  /** Milliseconds from the segment's first picture. */
  offsetMs: number;
}

export interface SegmentFramesOptions {
  everySeconds: number;
  /** Downscale to at most this width before RGB conversion (a VLM needs far fewer pixels). */
  maxWidth?: number;
  /** Stop after this many frames (the protocol's person-count series has a bound). */
  maxFrames?: number;
  signal?: AbortSignal;
}

/**
 * Sampled RGB frames of a recorded MP4 segment, through the same FFmpeg capture code as the cameras.
 * Sampling every few seconds on a camera's 1–2 s GOP decodes keyframes only ("auto"), so analysing a
 * 10-minute segment costs hundreds of decoded pictures rather than thousands. Offsets count from the
 * first picture, since a remuxed segment keeps the camera's timestamps rather than starting at zero.
 */
export async function* segmentFrames(path: string, opts: SegmentFramesOptions): AsyncGenerator<SegmentFrame> {
  if (!(opts.everySeconds > 0))
    throw new RangeError(`sampling interval must be > 0 s, got ${opts.everySeconds}`);
  opts.signal?.throwIfAborted();
  const source = await openFrameSource(path, {
    intervalMs: Math.round(opts.everySeconds * 1000),
    keyframes: "auto",
    ...(opts.maxWidth ? { maxWidth: opts.maxWidth } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  // Closing the source interrupts a blocked read, so aborting ends the iteration promptly.
  const onAbort = () => void source.close();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let first: number | undefined;
  let count = 0;
  try {
    for await (const frame of source) {
      opts.signal?.throwIfAborted();
      first ??= frame.time;
      const { data, width, height } = frame;
      yield {
        image: { data, width, height },
        offsetMs: Math.max(0, Math.round((frame.time - first) * 1000)),
      };
      count += 1;
      if (opts.maxFrames !== undefined && count >= opts.maxFrames) break;
    }
    opts.signal?.throwIfAborted();
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await source.close();
  }
}
