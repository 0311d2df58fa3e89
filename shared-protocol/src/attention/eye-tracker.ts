import type { AttentionThresholds } from "./thresholds.js";

export interface Blink {
  /** When the eye started to close (ms). */
  start: number;
  /** When it was open again (ms). */
  end: number;
}

type EyeSettings = Pick<
  AttentionThresholds,
  | "closedEarRatio"
  | "openEarRatio"
  | "openEarFloorRatio"
  | "baselineMs"
  | "blinkMinMs"
  | "blinkMaxMs"
  | "blinkCloseMs"
  | "blinkConfirmMs"
>;

/**
 * Blinks and eye closure from the EAR stream of one face. The open-eye level is a baseline that follows
 * the person's EAR while the eye is open (smiling or squinting lowers EAR by a fifth or more, which a
 * fixed calibrated value would mistake for closing). It freezes during a dip, so a closure is always
 * judged against the level just before it. Two levels give hysteresis: the eye is closed below
 * `closedEarRatio` of the baseline and open again at `openEarRatio`; a dip that reached the closed level
 * and reopened within the blink window is one blink, even when the lid wavers half-way in between.
 */
export class EyeTracker {
  private baseline = Number.NaN;
  private lastAt = Number.NaN;
  /** Start of the current dip below the open level, NaN when open. */
  private dipStart = Number.NaN;
  private dipClosed = false;
  /** First open sample after a closure, while waiting for blinkConfirmMs; NaN otherwise. */
  private reopenAt = Number.NaN;
  /** Start of the current uninterrupted stretch below the closed level, NaN when not closed. */
  private closedStart = Number.NaN;
  /** Lowest the baseline may go: a fraction of the calibrated open EAR (0 before calibration). */
  private floor = 0;

  constructor(private readonly t: EyeSettings) {}

  /** Sets the calibrated open-eye EAR that bounds how far the baseline may follow a squint. */
  calibrate(openEar: number): void {
    this.floor = this.t.openEarFloorRatio * openEar;
  }

  /** Forgets the current eye state (face lost, head turned too far for the EAR to mean anything). */
  reset(): void {
    this.baseline = Number.NaN;
    this.lastAt = Number.NaN;
    this.closedStart = Number.NaN;
    this.endDip();
  }

  /** Since when the eyes have been closed without a break, NaN when they are not. */
  get closedSince(): number {
    return this.closedStart;
  }

  get openLevel(): number {
    return Math.max(this.baseline, this.floor);
  }

  /** Feeds one EAR; returns the blink that ended with it, if any. */
  push(at: number, ear: number): Blink | undefined {
    const dt = Number.isNaN(this.lastAt) ? 0 : Math.max(0, at - this.lastAt);
    this.lastAt = at;
    if (Number.isNaN(this.baseline)) {
      // Whatever the first EAR is (even mid-blink), the baseline rises to the open level within a few
      // time constants because it follows every open-eye sample.
      this.baseline = ear;
      return undefined;
    }
    const base = this.openLevel;
    if (ear >= this.t.openEarRatio * base) {
      this.closedStart = Number.NaN;
      this.follow(ear, dt);
      if (Number.isNaN(this.dipStart)) return undefined;
      if (!this.dipClosed) {
        this.endDip();
        return undefined;
      }
      // Open again, but a lid that drops back within blinkConfirmMs is the same (wavering) closure.
      if (Number.isNaN(this.reopenAt)) this.reopenAt = at;
      if (at - this.reopenAt < this.t.blinkConfirmMs) return undefined;
      const blink = this.blinkOf(this.dipStart, this.reopenAt);
      this.endDip();
      return blink;
    }
    this.reopenAt = Number.NaN;
    if (Number.isNaN(this.dipStart)) this.dipStart = at;
    // A lid closes in a frame or two; lingering half-way first is an expression (a smile narrows the
    // eyes by a fifth) or a slow droop: take it as the new open level rather than a blink. The floor
    // keeps a droop far below the calibrated open level a closure all the same.
    if (!this.dipClosed && at - this.dipStart > this.t.blinkCloseMs) {
      this.rebase(ear);
      return undefined;
    }
    const closedLevel = this.t.closedEarRatio * base;
    if (ear < closedLevel) {
      // Held just under the closed level for longer than any blink: an expression that came on fast
      // (closed eyes sit far lower), so a new open level, not a closure that could turn into drowsiness.
      if (at - this.dipStart > this.t.blinkMaxMs && ear >= this.t.closedEarRatio * closedLevel) {
        this.rebase(ear);
        return undefined;
      }
      this.dipClosed = true;
      if (Number.isNaN(this.closedStart)) this.closedStart = at;
      return undefined;
    }
    this.closedStart = Number.NaN;
    // Half-open long after a closure: the eyes settled at a new level, no blink.
    if (at - this.dipStart > this.t.blinkMaxMs) this.rebase(ear);
    return undefined;
  }

  private rebase(ear: number): void {
    this.baseline = ear;
    this.closedStart = Number.NaN;
    this.endDip();
  }

  /** A blink that is still pending confirmation when the stream ends is never reported. */
  private endDip(): void {
    this.dipStart = Number.NaN;
    this.dipClosed = false;
    this.reopenAt = Number.NaN;
  }

  private blinkOf(start: number, end: number): Blink | undefined {
    const duration = end - start;
    return duration >= this.t.blinkMinMs && duration <= this.t.blinkMaxMs ? { start, end } : undefined;
  }

  private follow(ear: number, dt: number): void {
    const alpha = this.t.baselineMs > 0 ? 1 - Math.exp(-dt / this.t.baselineMs) : 1;
    this.baseline += alpha * (ear - this.baseline);
  }
}
