import { setTimeout as sleep } from "node:timers/promises";
import { Decoder, Demuxer, FilterAPI } from "node-av/api";
import { AV_FRAME_FLAG_KEY, AV_NOPTS_VALUE } from "node-av/constants";
import { avGetCodecName } from "node-av/lib";
import { FrameSampler } from "./frame-sampler.js";
import type {
  CapturedFrame,
  FrameSource,
  FrameSourceOptions,
  SourceStats,
  StreamInfo,
} from "./frame-source.js";
import { GopTail, type HeldPacket } from "./gop-tail.js";

type Input = Awaited<ReturnType<typeof Demuxer.open>>;
type VideoStream = NonNullable<ReturnType<Input["video"]>>;
type DecodedFrame = Awaited<ReturnType<Decoder["decodeAll"]>>[number];
type Packet = Parameters<Decoder["decodeAll"]>[0] & HeldPacket;

/**
 * Opens an RTSP camera (always over TCP: UDP loses packets on busy networks and is blocked by most NATs) or
 * a video file with FFmpeg through node-av. Callers must have imported `polyfills.js` first.
 */
export async function openFrameSource(url: string, options: FrameSourceOptions = {}): Promise<FrameSource> {
  const timeoutUs = String(Math.round((options.timeoutMs ?? 10_000) * 1000));
  // `timeout` bounds every socket read, so a camera that goes silent ends the read instead of hanging it.
  const demuxOptions: Record<string, string> = /^rtsps?:/i.test(url)
    ? // FFmpeg's default 5 s of stream analysis made every (re)connect take ~5 s; 1 s finds the size, and
      // the frame rate, which it then guesses badly, is measured from packet timestamps instead (see `info`).
      { rtsp_transport: "tcp", timeout: timeoutUs, analyzeduration: "1000000" }
    : /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
      ? { rw_timeout: timeoutUs }
      : {};
  const input = await Demuxer.open(url, { options: demuxOptions, signal: options.signal });
  const stream = input.video();
  if (!stream) {
    await input.close();
    throw new Error(`${redact(url)} has no video stream`);
  }
  return new AvFrameSource(url, input, stream, options);
}

class AvFrameSource implements FrameSource {
  private readonly probed: StreamInfo;
  /** Recent gaps between packet decode timestamps, for measuring the frame rate. */
  private readonly gaps: number[] = [];
  private lastDts: number | undefined;
  readonly stats: SourceStats = {
    packets: 0,
    packetsSkipped: 0,
    framesDecoded: 0,
    framesSampled: 0,
    lastActivityAt: Date.now(),
    decodeMsPerSample: 0,
  };
  private closed = false;
  private decodeMsTotal = 0;
  private readonly sampler: FrameSampler;

  constructor(
    readonly url: string,
    private readonly input: Input,
    private readonly stream: VideoStream,
    private readonly options: FrameSourceOptions,
  ) {
    const { codecpar } = stream;
    // A first guess from the second of video FFmpeg analysed (sometimes far off: 30 for a 10 fps camera);
    // `info` replaces it with the rate measured from packet timestamps after about ten packets.
    const rate =
      stream.rFrameRate.den > 0 && stream.rFrameRate.num > 0 ? stream.rFrameRate : stream.avgFrameRate;
    this.probed = {
      width: codecpar.width,
      height: codecpar.height,
      codec: avGetCodecName(codecpar.codecId) ?? "unknown",
      fps: nominalFps(rate),
    };
    this.sampler = new FrameSampler((options.intervalMs ?? 3_000) / 1000, options.keyframes ?? "auto");
  }

  setIntervalMs(intervalMs: number): void {
    this.sampler.setInterval(intervalMs / 1000);
  }

  get info(): StreamInfo {
    if (this.gaps.length < 10) return this.probed;
    // The median ignores the odd jump (RTCP clock sync, a lost packet) that would skew an average.
    const median = [...this.gaps].sort((a, b) => a - b)[this.gaps.length >> 1] ?? 0;
    return median > 0 ? { ...this.probed, fps: nominalFps({ num: 1, den: median }) } : this.probed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.interrupt();
    await this.input.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CapturedFrame> {
    const { sampler } = this;
    // One thread per camera: frame threading would hold pictures back (latency) and many cameras share the cores.
    const decoder = await Decoder.create(this.stream, { exitOnError: false, context: { threadCount: 1 } });
    const filter = FilterAPI.create(this.filterDescription());
    const { num, den } = this.stream.timeBase;
    const seconds = (ts: bigint) => (ts === AV_NOPTS_VALUE ? undefined : (Number(ts) * num) / den);
    let pace: { wall: number; time: number } | undefined;
    // Only "auto" ever leaves keyframe-only decoding, so only it can use the dropped packets again.
    const tail = (this.options.keyframes ?? "auto") === "auto" ? new GopTail<Packet>() : undefined;
    const tap = this.options.packets;
    tap?.begin(this.stream);
    try {
      for await (const packet of this.input.packets(this.stream.index)) {
        // null marks the end of the stream.
        if (!packet) break;
        if (this.closed) {
          packet.free();
          break;
        }
        this.stats.packets += 1;
        this.stats.lastActivityAt = Date.now();
        tap?.packet(packet);
        const packetTime = seconds(packet.pts) ?? seconds(packet.dts);
        this.noteRate(seconds(packet.dts) ?? packetTime);
        const decision = sampler.decide(packetTime, packet.isKeyframe, tail?.complete ?? false);
        if (packet.isKeyframe) tail?.restart();
        if (decision === "skip") {
          this.stats.packetsSkipped += 1;
          if (tail) tail.keep(packet);
          else packet.free();
          continue;
        }
        const started = performance.now();
        if (decision === "replay" && tail) await this.replay(decoder, tail.take());
        const decoded = await decoder.decodeAll(packet);
        packet.free();
        const ready: CapturedFrame[] = [];
        for (const frame of decoded) {
          this.stats.framesDecoded += 1;
          const time = seconds(frame.pts) ?? packetTime ?? Date.now() / 1000;
          if (sampler.shouldSample(time, frame.hasFlags(AV_FRAME_FLAG_KEY)))
            ready.push(...(await this.toRgb(filter, frame, time)));
          frame.free();
        }
        if (ready.length === 0) continue;
        this.recordDecode(performance.now() - started);
        for (const frame of ready) {
          if (this.options.realtime) {
            pace ??= { wall: Date.now(), time: frame.time };
            const wait = pace.wall + (frame.time - pace.time) * 1000 - Date.now();
            if (wait > 0)
              await sleep(wait, undefined, { signal: this.options.signal }).catch(() => undefined);
            if (this.closed || this.options.signal?.aborted) return;
            // The moment a camera would have delivered it, not when we decoded ahead.
            frame.capturedAt = Date.now();
          }
          yield frame;
        }
      }
    } finally {
      tap?.end();
      tail?.clear();
      filter.close();
      decoder.close();
    }
  }

  /** Decodes packets dropped earlier, so the decoder holds the pictures the next one refers to. */
  private async replay(decoder: Decoder, packets: Packet[]): Promise<void> {
    this.stats.packetsSkipped -= packets.length;
    for (const packet of packets) {
      const frames = await decoder.decodeAll(packet).finally(() => packet.free());
      this.stats.framesDecoded += frames.length;
      for (const frame of frames) frame.free();
    }
  }

  private noteRate(time: number | undefined): void {
    if (time === undefined) return;
    const gap = this.lastDts === undefined ? 0 : time - this.lastDts;
    this.lastDts = time;
    if (gap <= 0 || gap > 1) return;
    this.gaps.push(gap);
    if (this.gaps.length > 31) this.gaps.shift();
  }

  private filterDescription(): string {
    const { maxWidth } = this.options;
    // -2 keeps the aspect ratio with an even height, which yuv420p sources need.
    if (maxWidth !== undefined && this.info.width > maxWidth)
      return `scale=${maxWidth}:-2:flags=area,format=rgb24`;
    return "format=rgb24";
  }

  private async toRgb(filter: FilterAPI, frame: DecodedFrame, time: number): Promise<CapturedFrame[]> {
    const converted = await filter.processAll(frame);
    return converted.map((rgb) => {
      const { width, height } = rgb;
      const data = packedRgb(rgb.toBuffer(), width, height, rgb.linesize[0] ?? width * 3);
      rgb.free();
      this.stats.framesSampled += 1;
      this.stats.lastActivityAt = Date.now();
      return { data, width, height, time, capturedAt: Date.now() };
    });
  }

  private recordDecode(ms: number): void {
    this.decodeMsTotal += ms;
    this.stats.decodeMsPerSample = this.decodeMsTotal / Math.max(1, this.stats.framesSampled);
  }
}

/**
 * Over RTSP the rate is estimated from a second of timestamps (9.83 for a 10 fps camera); cameras run at whole
 * rates (or 29.97, close enough to 30 for status reports), so a value within 3 % of an integer is snapped to it.
 */
function nominalFps(rate: { num: number; den: number }): number {
  if (rate.den <= 0 || rate.num <= 0) return 0;
  const fps = rate.num / rate.den;
  const whole = Math.round(fps);
  return whole > 0 && Math.abs(fps - whole) / whole <= 0.03 ? whole : Math.round(fps * 100) / 100;
}

/**
 * Rows of exactly width * 3 bytes. node-av's toBuffer already copies the picture into a fresh buffer with the
 * row padding dropped, so that buffer is used as it is: copying it again cost 1.3 MB of garbage per 768×576
 * frame. Only a buffer still carrying FFmpeg's padding (`stride` bytes a row) is repacked.
 */
function packedRgb(buffer: Buffer, width: number, height: number, stride: number): Uint8Array {
  const row = width * 3;
  if (buffer.length === row * height) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  if (buffer.length < stride * (height - 1) + row)
    throw new Error(`RGB picture of ${buffer.length} bytes is too small for ${width}×${height}`);
  const out = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) out.set(buffer.subarray(y * stride, y * stride + row), y * row);
  return out;
}

/** Camera URLs carry passwords (rtsp://user:pass@host); never put those into errors or status messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1***@");
}
