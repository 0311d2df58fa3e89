/**
 * Decides which decoded pictures become analysed frames, and which compressed packets need not be decoded at
 * all. Pure logic on stream timestamps (seconds), so it is unit-tested without video.
 *
 * Cameras send 10–30 pictures a second but analysis wants one every 1–5 s. Converting to RGB has its own cost
 * (about half a P-picture's decode at 768×576), so only sampled pictures are converted. When the sampling interval is at least a keyframe
 * interval (GOP), even decoding can be skipped: a keyframe decodes on its own, so we feed the decoder only the
 * first keyframe at or after each due time and drop every other packet unread. With a shorter interval a picture
 * still needs only the packets from its GOP's keyframe up to itself: once the last sample a GOP owes has been
 * taken, the rest of that GOP is dropped undecoded (at 1 s on a 2 s GOP that is nearly half of all pictures),
 * and a GOP owing no sample is not decoded at all. Decoding always restarts at a keyframe, so the decoder never
 * sees a picture whose references it skipped.
 */

/**
 * Half a frame at 1000 fps: timestamps from 90 kHz RTP clocks rarely land exactly on the due time. Once the
 * frame rate is known, half a frame is allowed instead: a server that stamps packets on arrival moves them by
 * milliseconds, and a keyframe 5 ms before the due time is still the picture wanted.
 */
const EPSILON_S = 5e-4;

export type KeyframeMode = "auto" | "always" | "never";

export class FrameSampler {
  private nextDue: number | undefined;
  private lastTime: number | undefined;
  private lastKeyframe: number | undefined;
  /** Seconds between the last two keyframes, once two were seen. */
  private gop: number | undefined;
  /** Dropping packets until the next keyframe: the current GOP owes no more samples. */
  private restOfGopSkipped = false;
  private lastPacket: number | undefined;
  /** Typical seconds between pictures (a moving average of packet timestamp gaps). */
  private frameGap: number | undefined;
  /** Every packet since the last keyframe went to the decoder, so the next picture can be decoded. */
  private gopIntact = true;
  private intervalS: number;

  constructor(
    intervalS: number,
    private readonly keyframes: KeyframeMode = "auto",
  ) {
    this.intervalS = checkedInterval(intervalS);
  }

  /**
   * A new sampling interval on a running stream: the next sample falls due one new interval after the last,
   * or, if that is already past, is the next picture decoded, which starts a fresh grid (no short catch-up
   * gap). Leaving keyframe-only decoding mid-GOP, the next picture needs the packets dropped since the
   * keyframe: see `decide`.
   */
  setInterval(intervalS: number): void {
    this.intervalS = checkedInterval(intervalS);
    if (this.lastTime === undefined) return;
    const due = this.lastTime + this.intervalS;
    this.nextDue = this.lastPacket !== undefined && due <= this.lastPacket ? undefined : due;
    // Whether the rest of this GOP is needed was decided for the old interval.
    if (this.keyframes === "auto" && this.lastKeyframe !== undefined)
      this.restOfGopSkipped = !this.owesSampleBefore(this.lastKeyframe);
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
   * `time` is undefined when the packet carries no timestamp; such a keyframe is always decoded, and the
   * pictures after it with it.
   */
  shouldDecode(time: number | undefined, isKeyframe: boolean): boolean {
    return this.decide(time, isKeyframe, false) !== "skip";
  }

  /**
   * `shouldDecode` for a caller that keeps the packets it dropped since the last keyframe (`kept`): a
   * picture wanted after some of its GOP was dropped (the interval shortened mid-GOP) is then "replay":
   * decode the kept packets, then this one. Without them it waits for the next keyframe.
   */
  decide(time: number | undefined, isKeyframe: boolean, kept: boolean): "decode" | "skip" | "replay" {
    if (time !== undefined) this.notePacket(time, isKeyframe);
    if (this.keyframes === "never") return "decode";
    const wanted = this.wanted(time, isKeyframe);
    // A picture decodes only on top of every packet since its keyframe. Within one interval the rules
    // below keep to that by themselves; a new interval mid-GOP (setInterval) relies on this.
    if (isKeyframe || !wanted) {
      this.gopIntact = isKeyframe ? wanted : false;
      return wanted ? "decode" : "skip";
    }
    if (this.gopIntact) return "decode";
    if (!kept) return "skip";
    this.gopIntact = true;
    return "replay";
  }

  private wanted(time: number | undefined, isKeyframe: boolean): boolean {
    if (this.keyframesOnly) {
      if (!isKeyframe) return false;
      return time === undefined || this.isDue(time);
    }
    // A non-keyframe decodes only on top of everything since its keyframe, so it follows the keyframe's fate.
    if (isKeyframe)
      this.restOfGopSkipped =
        time !== undefined && !this.isDue(time) && !this.realignsOn(time) && !this.owesSampleBefore(time);
    return !this.restOfGopSkipped;
  }

  /**
   * Called for every decoded picture; true means convert and emit it, and schedules the next one.
   * `isKeyframe` lets an off-grid keyframe pull the grid onto itself (see `realignsOn`).
   */
  shouldSample(time: number, isKeyframe = false): boolean {
    if (!this.isDue(time) && !(isKeyframe && this.realignsOn(time))) return false;
    // Stay on the original grid when only a little late (keyframes rarely fall on the due time), so a 3 s
    // interval on a 2 s GOP samples at 0, 4, 6, 10, 12 … (3 s on average) rather than drifting to every 4 s.
    const onGrid =
      this.nextDue !== undefined &&
      time + this.tolerance() >= this.nextDue &&
      time < this.nextDue + this.intervalS;
    this.nextDue =
      onGrid && this.nextDue !== undefined ? this.nextDue + this.intervalS : time + this.intervalS;
    this.lastTime = time;
    if (this.keyframes === "auto" && this.lastKeyframe !== undefined && time >= this.lastKeyframe)
      this.restOfGopSkipped = !this.owesSampleBefore(this.lastKeyframe);
    return true;
  }

  /**
   * Whether a sample falls due before the keyframe expected one GOP after the one at `keyframe`. Unknown GOP:
   * yes (decode everything). The GOP estimate leans long, so a keyframe arriving early only costs decoding;
   * one arriving late makes that sample wait for it, as in keyframe-only mode.
   */
  private owesSampleBefore(keyframe: number): boolean {
    if (this.gop === undefined || this.nextDue === undefined) return true;
    return this.nextDue + this.tolerance() < keyframe + this.gop;
  }

  /**
   * When a GOP holds a whole number (≥ 2) of intervals, a grid through the keyframes needs the fewest pictures
   * decoded: at 1 s on a 2 s GOP, 11 of 20 instead of up to 20. A keyframe arriving early, off that grid (the
   * camera started mid-GOP, a looping source, a scene-cut keyframe), is sampled and becomes the grid's new
   * origin; that one interval is shorter, never less than half. Other GOPs keep the plain grid.
   */
  private realignsOn(keyframe: number): boolean {
    const { gop, nextDue, lastTime } = this;
    if (this.keyframes !== "auto" || gop === undefined || nextDue === undefined || lastTime === undefined)
      return false;
    const perGop = gop / this.intervalS;
    const whole = Math.round(perGop);
    if (whole < 2 || Math.abs(perGop - whole) * this.intervalS > this.tolerance()) return false;
    return keyframe - lastTime >= this.intervalS / 2 && keyframe < nextDue;
  }

  private tolerance(): number {
    return Math.max(EPSILON_S, (this.frameGap ?? 0) / 2);
  }

  private isDue(time: number): boolean {
    if (this.nextDue === undefined) return true;
    // A timestamp going backwards means the stream restarted (camera reboot, RTSP clock reset): start over.
    if (this.lastTime !== undefined && time < this.lastTime - EPSILON_S) return true;
    return time + this.tolerance() >= this.nextDue;
  }

  private notePacket(time: number, isKeyframe: boolean): void {
    const gap = this.lastPacket === undefined ? 0 : time - this.lastPacket;
    this.lastPacket = time;
    if (gap > 0 && gap < 1)
      this.frameGap = this.frameGap === undefined ? gap : 0.9 * this.frameGap + 0.1 * gap;
    if (isKeyframe) this.noteKeyframe(time);
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

function checkedInterval(intervalS: number): number {
  if (!(intervalS >= 0)) throw new RangeError(`sampling interval must be >= 0 s, got ${intervalS}`);
  return intervalS;
}
