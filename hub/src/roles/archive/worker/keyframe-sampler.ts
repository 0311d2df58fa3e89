import { setImmediate as yieldToLoop } from "node:timers/promises";
import { Decoder, Demuxer, FilterAPI } from "node-av/api";
import { AV_LOG_ERROR, AV_NOPTS_VALUE } from "node-av/constants";
import { Log } from "node-av/lib";

/** One sampled picture of a segment: packed RGB and where it lies in the segment. */
export interface SampledFrame {
  rgb: Buffer;
  width: number;
  height: number;
  /** Milliseconds from the segment's first picture. */
  offsetMs: number;
}

export interface SampleOptions {
  everySeconds: number;
  /** Scale down to at most this width (a vision encoder needs far fewer pixels than a camera sends). */
  maxWidth: number;
  signal?: AbortSignal;
}

type Packet = ReturnType<Demuxer["packetsSync"]> extends Generator<infer P> ? NonNullable<P> : never;

// Reading packets is synchronous (the async reader needs Promise.withResolvers, which Node 20 lacks);
// handing the event loop back this often keeps the job's heartbeats on time while a large file is read.
const PACKETS_PER_TURN = 256;

/**
 * Keyframes of a recorded MP4, at most one every `everySeconds`. Only keyframes are decoded: cameras
 * send one every 1–2 s while a VLM looks at one picture every half minute, so a 10-minute segment
 * costs a few dozen decoded pictures. With a longer GOP the pictures are sparser, never wrong: each
 * offset is its picture's own timestamp. Offsets count from the first picture, since a remuxed segment
 * keeps the camera's timestamps rather than starting at zero.
 */
export async function sampleKeyframes(path: string, opts: SampleOptions): Promise<SampledFrame[]> {
  if (!(opts.everySeconds > 0))
    throw new RangeError(`sampling interval must be > 0 s, got ${opts.everySeconds}`);
  Log.setLevel(AV_LOG_ERROR);
  const input = await Demuxer.open(path);
  try {
    const stream = input.video();
    if (!stream) throw new Error("the segment has no video stream");
    const { num, den } = stream.timeBase;
    const seconds = (ts: bigint) => (ts === AV_NOPTS_VALUE ? undefined : (Number(ts) * num) / den);
    const decoder = await Decoder.create(stream, { exitOnError: false, context: { threadCount: 1 } });
    // -2 keeps the aspect ratio with an even height; `area` averages instead of skipping pixels.
    const scale = stream.codecpar.width > opts.maxWidth ? `scale=${opts.maxWidth}:-2:flags=area,` : "";
    const filter = FilterAPI.create(`${scale}format=rgb24`);
    const frames: SampledFrame[] = [];
    let first: number | undefined;
    const keep = async (decoded: Awaited<ReturnType<Decoder["decodeAll"]>>) => {
      for (const frame of decoded) {
        const time = seconds(frame.pts);
        for (const rgb of await filter.processAll(frame)) {
          first ??= time ?? 0;
          const offsetMs = Math.max(0, Math.round(((time ?? first) - first) * 1000));
          frames.push({
            rgb: packed(rgb.toBuffer(), rgb.width, rgb.height),
            width: rgb.width,
            height: rgb.height,
            offsetMs,
          });
          rgb.free();
        }
        frame.free();
      }
    };
    try {
      let next: number | undefined;
      let read = 0;
      for (const packet of input.packetsSync(stream.index) as Generator<Packet | null>) {
        if (!packet) break;
        try {
          if (++read % PACKETS_PER_TURN === 0) await yieldToLoop();
          opts.signal?.throwIfAborted();
          const time = seconds(packet.pts) ?? seconds(packet.dts);
          if (packet.isKeyframe && (next === undefined || (time !== undefined && time >= next))) {
            next = (time ?? 0) + opts.everySeconds;
            await keep(await decoder.decodeAll(packet));
          }
        } finally {
          packet.free();
        }
      }
      // A decoder that reorders pictures may still hold the last keyframe.
      await keep(await decoder.decodeAll(null));
      opts.signal?.throwIfAborted();
      return frames;
    } finally {
      filter.close();
      decoder.close();
    }
  } finally {
    await input.close();
  }
}

/** Rows of exactly width * 3 bytes (node-av drops FFmpeg's row padding when it copies a picture out). */
function packed(buffer: Buffer, width: number, height: number): Buffer {
  if (buffer.length !== width * height * 3)
    throw new Error(`RGB picture of ${buffer.length} bytes does not fit ${width}×${height}`);
  return buffer;
}
