import { Decoder, Demuxer, FilterAPI } from "node-av/api";

/** One decoded picture as packed RGB, what detectors take. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
  /** Presentation time in seconds from the start of the stream. */
  time: number;
  index: number;
}

export interface VideoFramesOptions {
  /** Keep one frame every this many seconds (default: every frame). */
  everySeconds?: number;
  /** Stop after this many returned frames. */
  maxFrames?: number;
  signal?: AbortSignal;
}

/**
 * Decodes a video file or stream URL with FFmpeg (node-av) and yields RGB frames. The RGB conversion
 * runs in an FFmpeg filter graph, so the JavaScript side only copies one packed buffer per frame.
 */
export async function* videoFrames(source: string, opts: VideoFramesOptions = {}): AsyncGenerator<RgbFrame> {
  const input = await Demuxer.open(source);
  try {
    const stream = input.video();
    if (!stream) throw new Error(`${source} has no video stream`);
    const decoder = await Decoder.create(stream);
    const filter = FilterAPI.create("format=rgb24");
    const tb = stream.timeBase;
    const seconds = (pts: bigint | number) => (Number(pts) * tb.num) / tb.den;
    let index = 0;
    let returned = 0;
    let nextAt = 0;
    try {
      for await (const frame of filter.frames(decoder.frames(input.packets(stream.index)))) {
        if (!frame) continue;
        if (opts.signal?.aborted) break;
        const time = seconds(frame.pts);
        index += 1;
        if (opts.everySeconds && time + 1e-6 < nextAt) {
          frame.free();
          continue;
        }
        nextAt = time + (opts.everySeconds ?? 0);
        const { width, height } = frame;
        const data = packedRgb(frame.toBuffer(), width, height, frame.linesize[0] ?? width * 3);
        frame.free();
        yield { data, width, height, time, index: index - 1 };
        returned += 1;
        if (opts.maxFrames && returned >= opts.maxFrames) break;
      }
    } finally {
      filter.close();
      decoder.close();
    }
  } finally {
    await input.close();
  }
}

/** Drops row padding, if FFmpeg aligned the rows. */
function packedRgb(buffer: Buffer, width: number, height: number, stride: number): Uint8Array {
  const row = width * 3;
  if (stride === row && buffer.length >= row * height)
    return new Uint8Array(buffer.subarray(0, row * height));
  const out = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) out.set(buffer.subarray(y * stride, y * stride + row), y * row);
  return out;
}
