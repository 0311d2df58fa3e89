import { open, rename } from "node:fs/promises";
import { AV_CODEC_ID_HEVC, AV_NOPTS_VALUE } from "node-av/constants";
import { CodecParameters, Dictionary, FFmpegError, FormatContext, type Packet, Rational } from "node-av/lib";

/** The codec parameters and time base of the camera's video stream, copied so they outlive its connection. */
export interface SegmentSource {
  codecpar: CodecParameters;
  timeBase: { num: number; den: number };
}

/** What the camera stream looked like when a connection opened; the copy is freed with `freeSource`. */
export function copySource(stream: { codecpar: CodecParameters; timeBase: { num: number; den: number } }) {
  const codecpar = new CodecParameters();
  codecpar.alloc();
  FFmpegError.throwIfError(stream.codecpar.copy(codecpar), "copy codec parameters");
  return { codecpar, timeBase: { num: stream.timeBase.num, den: stream.timeBase.den } };
}

export interface WrittenSegment {
  path: string;
  durationMs: number;
  bytes: number;
  packets: number;
}

/**
 * One MP4 segment, written as `<path>.part` and renamed to `<path>` when finished, so a finished name is
 * always a whole file. Fragmented (a fragment per keyframe, the moov first): a crash leaves a `.part` that
 * still plays up to its last complete fragment, which is what makes the leftover repairable. Timestamps are
 * rebased so every segment starts at zero; packets are copied as they are (no re-encode).
 */
export class SegmentWriter {
  private readonly ctx = new FormatContext();
  private outTimeBase: Rational | undefined;
  private base: bigint | undefined;
  private lastDts = -1n;
  private firstPts = 0n;
  private endPts = 0n;
  private packets = 0;
  /** Whether every packet said how long it lasts (files do, RTP does not). */
  private timed = true;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly source: SegmentSource,
  ) {}

  get partPath(): string {
    return `${this.path}.part`;
  }

  async open(): Promise<void> {
    const { ctx, source } = this;
    FFmpegError.throwIfError(ctx.allocOutputContext2(null, "mp4", this.partPath), "mp4 output");
    const out = ctx.newStream(null);
    FFmpegError.throwIfError(source.codecpar.copy(out.codecpar), "copy codec parameters");
    // A tag from another container (RTP has none, Matroska its own) is not valid in MP4: let it choose,
    // except that H.265 is tagged hvc1 (parameter sets in the header), the one Safari and QuickTime play.
    out.codecpar.codecTag = out.codecpar.codecId === AV_CODEC_ID_HEVC ? "hvc1" : 0;
    out.timeBase = new Rational(source.timeBase.num, source.timeBase.den);
    FFmpegError.throwIfError(await ctx.openOutput(), `open ${this.partPath}`);
    const options = Dictionary.fromObject({ movflags: "frag_keyframe+empty_moov+default_base_moof" });
    try {
      FFmpegError.throwIfError(await ctx.writeHeader(options), "write the MP4 header");
    } finally {
      options.free();
    }
    // The muxer may pick its own time base while writing the header.
    this.outTimeBase = out.timeBase;
  }

  /** Writes a packet the caller owns; the caller frees it afterwards. */
  async write(packet: Packet): Promise<void> {
    if (!this.outTimeBase) throw new Error("segment not open");
    const copy = packet.clone();
    if (!copy) throw new Error("cannot reference the packet");
    try {
      const dts = copy.dts === AV_NOPTS_VALUE ? copy.pts : copy.dts;
      const pts = copy.pts === AV_NOPTS_VALUE ? dts : copy.pts;
      this.base ??= dts;
      // MP4 refuses a decode time that does not grow; RTCP clock corrections can step one back a tick.
      let rebased = dts - this.base;
      if (rebased <= this.lastDts) rebased = this.lastDts + 1n;
      const shift = rebased - (dts - this.base);
      copy.dts = rebased;
      // A picture is never shown before it is decoded (bigints: Math.max does not take them).
      let shifted = pts - this.base + shift;
      if (shifted < rebased) shifted = rebased;
      copy.pts = shifted;
      if (this.packets === 0) this.firstPts = copy.pts;
      if (copy.duration <= 0n) this.timed = false;
      const end = copy.pts + (copy.duration > 0n ? copy.duration : 0n);
      if (end > this.endPts) this.endPts = end;
      this.lastDts = rebased;
      this.packets += 1;
      copy.streamIndex = 0;
      copy.rescaleTs(this.source.timeBase, this.outTimeBase);
      FFmpegError.throwIfError(await this.ctx.interleavedWriteFrame(copy), "write a packet");
    } finally {
      copy.free();
    }
  }

  /**
   * Finishes the file and renames it into place, flushed to disk first so the rename never exposes a
   * name whose data is still in the page cache. `frameMs` stands in for the last packet's unknown duration.
   */
  async finish(frameMs = 0): Promise<WrittenSegment> {
    await this.closeOutput(true);
    const handle = await open(this.partPath, "r+");
    let bytes: number;
    try {
      await handle.sync();
      bytes = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    await rename(this.partPath, this.path);
    const { num, den } = this.source.timeBase;
    const span = Number(this.endPts - this.firstPts) * (num / den) * 1000;
    return {
      path: this.path,
      durationMs: Math.round(span + (this.timed ? 0 : frameMs)),
      bytes,
      packets: this.packets,
    };
  }

  /** Closes without the trailer, e.g. after a write error; the `.part` stays for the caller to remove. */
  async abort(): Promise<void> {
    await this.closeOutput(false);
  }

  get packetCount(): number {
    return this.packets;
  }

  private async closeOutput(trailer: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (trailer && this.outTimeBase)
        FFmpegError.throwIfError(await this.ctx.writeTrailer(), "write the MP4 trailer");
    } finally {
      await this.ctx.closeOutput().catch(() => undefined);
      this.ctx.freeContext();
    }
  }
}

export function freeSource(source: SegmentSource): void {
  source.codecpar.free();
}
