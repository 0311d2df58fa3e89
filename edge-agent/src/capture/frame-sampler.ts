/**
 * Decides which decoded pictures become analysed frames, and which compressed packets need not be decoded at
 * all. Pure logic on stream timestamps (seconds), so it is unit-tested without video.
 *
 * Cameras send 10–30 pictures a second but analysis wants one every 1–5 s. Converting to RGB costs more than
 * decoding, so only sampled pictures are converted. When the sampling interval is at least a keyframe
 * interval (GOP), even decoding can be skipped: a keyframe decodes on its own, so we feed the decoder only the
 * first keyframe at or after each due time and drop every other packet unread.
 */

/** Half a frame at 1000 fps: timestamps from 90 kHz RTP clocks rarely land exactly on the due time. */
const EPSILON_S = 5e-4;

export type KeyframeMode = "auto" | "always" | "never";

export class FrameSampler {
  private nextDue: number | undefined;
  private lastTime: number | undefined;
  private lastKeyframe: number | undefined;
  /** Seconds between the last two keyframes, once two were seen. */
  private gop: number | undefined;

  constructor(
    private readonly intervalS: number,
    private readonly keyframes: KeyframeMode = "auto",
  ) {
    if (!(intervalS >= 0)) throw new RangeError(`sampling interval must be >= 0 s, got ${intervalS}`);
  }

  /** Whether only keyframes are decoded right now. */
  get keyframesOnly(): boolean {
    if (this.keyframes === "always") return true;
    if (this.keyframes === "never" || this.gop === undefined) return false;
    return this.intervalS >= this.gop;
  }

  /** Observed keyframe interval in seconds, if known. */
  get gopSeconds(): number | undefined {
    return this.gop;
  }

  /**
   * Called for every compressed packet before decoding; false means drop it undecoded.
   * `time` is undefined when the packet carries no timestamp; such packets are always decoded.
   */
  shouldDecode(time: number | undefined, isKeyframe: boolean): boolean {
    if (isKeyframe && time !== undefined) this.noteKeyframe(time);
    if (!this.keyframesOnly) return true;
    if (!isKeyframe) return false;
    return time === undefined || this.isDue(time);
  }

  /** Called for every decoded picture; true means convert and emit it, and schedules the next one. */
  shouldSample(time: number): boolean {
    if (!this.isDue(time)) return false;
    // Stay on the original grid when only a little late (keyframes rarely fall on the due time), so a 3 s
    // interval on a 2 s GOP samples at 0, 4, 6, 10, 12 … (3 s on average) rather than drifting to every 4 s.
    const onGrid = this.nextDue !== undefined && time >= this.nextDue && time < this.nextDue + this.intervalS;
    this.nextDue =
      onGrid && this.nextDue !== undefined ? this.nextDue + this.intervalS : time + this.intervalS;
    this.lastTime = time;
    return true;
  }

  private isDue(time: number): boolean {
    if (this.nextDue === undefined) return true;
    // A timestamp going backwards means the stream restarted (camera reboot, RTSP clock reset): start over.
    if (this.lastTime !== undefined && time < this.lastTime - EPSILON_S) return true;
    return time + EPSILON_S >= this.nextDue;
  }

  private noteKeyframe(time: number): void {
    if (this.lastKeyframe !== undefined && time > this.lastKeyframe) {
      const gap = time - this.lastKeyframe;
      // Keep the largest recent gap (decaying slowly), so one early keyframe does not flip the mode back and forth.
      this.gop = this.gop === undefined ? gap : Math.max(gap, this.gop * 0.9);
    }
    this.lastKeyframe = time;
  }
}
