import type { Packet, Stream } from "node-av/lib";
import type { KeyframeMode } from "./frame-sampler.js";

/** One sampled picture, packed RGB (3 bytes a pixel, no row padding), what the detectors take. */
export interface CapturedFrame {
  data: Uint8Array;
  width: number;
  height: number;
  /** Presentation time in seconds on the stream's own clock; only differences are meaningful. */
  time: number;
  /** Wall-clock epoch ms when the picture was decoded. */
  capturedAt: number;
}

/** What the camera sends, as reported in cameraStatus `stream`. */
export interface StreamInfo {
  width: number;
  height: number;
  codec: string;
  /** Nominal frames per second of the stream (0 when the camera does not say). */
  fps: number;
}

export interface SourceStats {
  packets: number;
  /** Packets dropped undecoded because only keyframes were needed. */
  packetsSkipped: number;
  framesDecoded: number;
  framesSampled: number;
  /** Epoch ms of the last packet or picture; what the stall watchdog looks at. */
  lastActivityAt: number;
  /** Mean milliseconds spent decoding and converting per sampled frame. */
  decodeMsPerSample: number;
}

/**
 * An open camera stream or video file that yields sampled frames. Iterate it once; the iteration ends when the
 * stream ends (a file's end, a camera closing the connection) or the source is closed or aborted, and throws
 * on read errors.
 */
export interface FrameSource extends AsyncIterable<CapturedFrame> {
  readonly url: string;
  readonly info: StreamInfo;
  readonly stats: Readonly<SourceStats>;
  /**
   * Samples at a new interval from the next packet on, on the same connection (`intervalMs` of the options
   * was only the first). Leaving keyframe-only decoding mid-GOP, the packets dropped since the keyframe are
   * decoded then (see gop-tail.ts); only with `keyframes: "always"` or a GOP over 16 MiB does the first
   * faster frame wait for the next keyframe.
   */
  setIntervalMs(intervalMs: number): void;
  /** Stops a read in progress and releases FFmpeg resources; safe to call more than once. */
  close(): Promise<void>;
}

export interface FrameSourceOptions {
  /** Emit one frame every this many ms of stream time; 0 = every frame. Default 3000; see `setIntervalMs`. */
  intervalMs?: number;
  /** Downscale (keeping the aspect ratio) to at most this width before RGB conversion. */
  maxWidth?: number;
  /** "auto" decodes only keyframes when the interval is at least the keyframe interval. Default "auto". */
  keyframes?: KeyframeMode;
  /** Give up connecting, and treat a read that blocks this long as dead. Default 10 s. */
  timeoutMs?: number;
  /** Wait for stream time to pass in real time (files only play as fast as a camera would). Default false. */
  realtime?: boolean;
  signal?: AbortSignal;
  /** Also hands every video packet read to this tap (recording, live video); nothing more is decoded. */
  packets?: PacketTap;
}

/**
 * Receives a connection's compressed video packets as they are read, e.g. to remux them into an archive.
 * Its calls run inside the read loop, so they must return at once and never throw.
 */
export interface PacketTap {
  /** A connection starts; `stream` (codec parameters, time base) is only valid until `end`. */
  begin(stream: Stream): void;
  /** Every packet, before the source decodes, keeps or frees it: take a reference (`clone`) to keep it. */
  packet(packet: Packet): void;
  /** The connection is over: closed, failed, or its stream ended. */
  end(): void;
}
