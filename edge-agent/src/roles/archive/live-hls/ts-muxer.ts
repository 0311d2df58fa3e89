import { IOStream } from "node-av/api";
import { AV_NOPTS_VALUE, AVFMT_FLAG_CUSTOM_IO } from "node-av/constants";
import { FFmpegError, FormatContext, type Packet, Rational } from "node-av/lib";
import type { SegmentSource } from "../recording/segment-writer.js";

/**
 * One connection's decode-time line: packets keep the camera's own timing, moved so the connection
 * starts at zero and never steps back, which keeps consecutive segments continuous for the player.
 */
export class TsClock {
  private base: bigint | undefined;
  private lastDts = -1n;

  /** Moves a packet the caller owns onto the line. */
  place(packet: Packet): void {
    const dts = packet.dts === AV_NOPTS_VALUE ? packet.pts : packet.dts;
    const pts = packet.pts === AV_NOPTS_VALUE ? dts : packet.pts;
    this.base ??= dts;
    // MPEG-TS wants growing decode times; an RTCP clock correction can step one back a tick.
    let placed = dts - this.base;
    if (placed <= this.lastDts) placed = this.lastDts + 1n;
    const shift = placed - (dts - this.base);
    packet.dts = placed;
    // Shown no earlier than decoded (bigints: Math.max does not take them).
    let shown = pts - this.base + shift;
    if (shown < placed) shown = placed;
    packet.pts = shown;
    this.lastDts = placed;
  }
}

/**
 * Muxes packets (a keyframe first) into one MPEG-TS segment in memory, copied as they are. A fresh
 * muxer per segment writes PAT/PMT first, and it puts the parameter sets in-band before the keyframe
 * (from the stream's extradata, converting MP4-style H.264/H.265 to Annex B on the way), so each
 * segment plays on its own. The packets stay the caller's.
 */
export async function muxTsSegment(source: SegmentSource, packets: readonly Packet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const ctx = new FormatContext();
  FFmpegError.throwIfError(ctx.allocOutputContext2(null, "mpegts", null), "mpegts output");
  // FFmpeg may reuse the buffer it hands over once the callback returns.
  const io = IOStream.createOutput({ write: (buffer) => void chunks.push(Buffer.from(buffer)) });
  try {
    ctx.pb = io;
    ctx.setFlags(AVFMT_FLAG_CUSTOM_IO);
    const out = ctx.newStream(null);
    FFmpegError.throwIfError(source.codecpar.copy(out.codecpar), "copy codec parameters");
    // A tag from the camera's container means nothing in MPEG-TS: the muxer picks the stream type.
    out.codecpar.codecTag = 0;
    const timeBase = new Rational(source.timeBase.num, source.timeBase.den);
    out.timeBase = timeBase;
    FFmpegError.throwIfError(await ctx.writeHeader(null), "write the MPEG-TS header");
    for (const packet of packets) {
      const copy = packet.clone();
      if (!copy) throw new Error("cannot reference a packet");
      try {
        copy.streamIndex = 0;
        copy.rescaleTs(timeBase, out.timeBase);
        FFmpegError.throwIfError(await ctx.interleavedWriteFrame(copy), "write a packet");
      } finally {
        copy.free();
      }
    }
    FFmpegError.throwIfError(await ctx.writeTrailer(), "finish the segment");
    await io.flush();
  } finally {
    ctx.pb = null;
    io.freeContext();
    ctx.freeContext();
  }
  return Buffer.concat(chunks);
}
