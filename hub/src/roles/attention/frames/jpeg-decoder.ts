import type { PixelImage } from "@sitewatch/shared-protocol/face-mesh";
import { AV_CODEC_ID_MJPEG, AV_LOG_ERROR, AV_PIX_FMT_RGB24, SWS_POINT } from "node-av/constants";
import { Codec, CodecContext, Frame, Log, Packet, SoftwareScaleContext } from "node-av/lib";
import { readJpegSize } from "../../../ingest/jpeg-header.js";

/** A decoded frame: interleaved RGB, row-major, no padding. */
export type RgbImage = PixelImage & { readonly channels: 3; readonly data: Buffer };

/** Why a frame could not be decoded; the worker answers INVALID_IMAGE with this message. */
export class InvalidImageError extends Error {}

/**
 * One JPEG at a time to RGB, with FFmpeg's MJPEG decoder and swscale kept open between frames.
 * A webcam frame costs about 0.5 ms this way against 4 ms through a fresh libvips pipeline per
 * picture, and the frame path's throughput is bound by exactly this step. Not thread-safe: one
 * decoder per worker thread, one frame in flight. The RGB buffer is reused from frame to frame (a
 * fresh 0.9 MB buffer per frame kept the garbage collector busy), so a decoded image is valid only
 * until the next decode().
 */
export class JpegDecoder {
  private readonly codec = new CodecContext();
  private readonly packet = new Packet();
  private readonly frame = new Frame();
  private scaler: { key: string; sws: SoftwareScaleContext; rgb: Buffer } | undefined;
  private opened = false;

  constructor(private readonly maxPixels: number) {}

  start(): void {
    // swscale warns on every context for the JPEG (full-range) pixel formats it converts correctly.
    Log.setLevel(AV_LOG_ERROR);
    const mjpeg = Codec.findDecoder(AV_CODEC_ID_MJPEG);
    if (!mjpeg) throw new Error("this FFmpeg build has no MJPEG decoder");
    this.codec.allocContext3(mjpeg);
    this.codec.threadCount = 1;
    const ret = this.codec.open2Sync(mjpeg);
    if (ret < 0) throw new Error(`cannot open the MJPEG decoder (${ret})`);
    this.packet.alloc();
    this.frame.alloc();
    this.opened = true;
  }

  /** Decodes `jpeg` to RGB (valid until the next call); throws InvalidImageError unless a sane JPEG. */
  decode(jpeg: Uint8Array): RgbImage {
    if (!this.opened) throw new Error("JpegDecoder.start() was not called");
    // The header is checked first so a forged size cannot make the decoder allocate gigabytes.
    const size = readJpegSize(jpeg);
    if ("problem" in size) throw new InvalidImageError(size.problem);
    if (size.width * size.height > this.maxPixels)
      throw new InvalidImageError(`${size.width}x${size.height} is more than ${this.maxPixels} pixels`);
    this.packet.data = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
    const sent = this.codec.sendPacketSync(this.packet);
    const received = sent < 0 ? sent : this.codec.receiveFrameSync(this.frame);
    if (received < 0) {
      // A failed picture must not leave half a frame queued for the next one.
      this.codec.flushBuffers();
      throw new InvalidImageError(`not a decodable JPEG (FFmpeg error ${received})`);
    }
    try {
      return this.toRgb();
    } finally {
      this.frame.unref();
    }
  }

  private toRgb(): RgbImage {
    const { width, height, format } = this.frame;
    const planes = this.frame.data;
    if (!planes || width <= 0 || height <= 0) throw new InvalidImageError("the decoder returned no picture");
    const key = `${width}x${height}:${format}`;
    if (this.scaler?.key !== key) {
      this.scaler?.sws.freeContext();
      const sws = new SoftwareScaleContext();
      // Same size in and out, so the filter never interpolates; POINT skips building filter taps.
      sws.getContext(width, height, format as never, width, height, AV_PIX_FMT_RGB24, SWS_POINT);
      this.scaler = { key, sws, rgb: Buffer.alloc(width * height * 3) };
    }
    const data = this.scaler.rgb;
    const rows = this.scaler.sws.scaleSync(planes, this.frame.linesize, 0, height, [data], [width * 3]);
    if (rows !== height) throw new InvalidImageError(`converted ${rows} of ${height} rows`);
    return { width, height, channels: 3, data };
  }

  stop(): void {
    this.scaler?.sws.freeContext();
    this.scaler = undefined;
    if (!this.opened) return;
    this.opened = false;
    this.frame.free();
    this.packet.free();
    this.codec.freeContext();
  }
}
