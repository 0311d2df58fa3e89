import type { PixelRect, Vec } from "./geometry.js";
import { type GrayPatch, grayPatch, meanAbsDiff, type RgbFrame } from "./gray-patch.js";

/** A seat as the gate sees it: its pixel polygon and bounding rectangle in the current frame size. */
export interface GateRegion {
  readonly seat: string;
  readonly rect: PixelRect;
  readonly polygon: readonly Vec[];
}

export interface MotionGateOptions {
  patchSize: number;
  /** Mean absolute luma difference (0..1) above which a seat region counts as changed. */
  threshold: number;
  /** Analyse a seat at least every this many intervals even if nothing moved; 0 disables forcing. */
  forceEvery: number;
}

export interface GateDecision {
  /** Seats to run inference for: changed, forced or never analysed. */
  readonly analyse: string[];
  /** Seats whose region is unchanged; their previous observation still holds. */
  readonly skipped: string[];
  /** Subset of `analyse` that is only there because the re-check interval ran out. */
  readonly forced: string[];
  /** Difference from the last analysed frame per seat, 0..1. */
  readonly diffs: ReadonlyMap<string, number>;
  /** False when no seat region changed at all: a static scene. */
  readonly anyChange: boolean;
  /** False when the detector can be skipped for this frame entirely. */
  readonly runDetector: boolean;
}

interface SeatMemory {
  reference: GrayPatch;
  sinceAnalysis: number;
}

/**
 * Frame differencing per seat. A camera over a quiet room sees the same pixels for hours; comparing
 * each seat's thumbnail with the one from its last *analysed* frame (not the previous frame) means
 * slow creep such as a bag pushed a little every minute still adds up and triggers analysis, and the
 * forced re-check bounds how stale an observation can get when the detector missed something.
 */
export class MotionGate {
  readonly #opts: MotionGateOptions;
  readonly #seats = new Map<string, SeatMemory>();

  constructor(opts: MotionGateOptions) {
    this.#opts = opts;
  }

  /** Decides which seats need inference for this frame and records the decision. */
  assess(frame: RgbFrame, regions: readonly GateRegion[]): GateDecision {
    const analyse: string[] = [];
    const skipped: string[] = [];
    const forced: string[] = [];
    const diffs = new Map<string, number>();
    let anyChange = false;
    const live = new Set<string>();
    for (const region of regions) {
      live.add(region.seat);
      const patch = grayPatch(frame, region.rect, region.polygon, this.#opts.patchSize);
      const memory = this.#seats.get(region.seat);
      const diff = memory ? meanAbsDiff(memory.reference, patch) : 1;
      diffs.set(region.seat, diff);
      const changed = diff > this.#opts.threshold;
      if (changed) anyChange = true;
      const since = (memory?.sinceAnalysis ?? 0) + 1;
      const due = this.#opts.forceEvery > 0 && since >= this.#opts.forceEvery;
      if (!memory || changed || due) {
        analyse.push(region.seat);
        if (memory && !changed) forced.push(region.seat);
        this.#seats.set(region.seat, { reference: patch, sinceAnalysis: 0 });
      } else {
        skipped.push(region.seat);
        memory.sinceAnalysis = since;
      }
    }
    for (const seat of this.#seats.keys()) if (!live.has(seat)) this.#seats.delete(seat);
    return { analyse, skipped, forced, diffs, anyChange, runDetector: analyse.length > 0 };
  }

  /** Forget one seat (its polygon changed) or all of them (camera reconnected: trust nothing old). */
  forget(seat?: string): void {
    if (seat === undefined) this.#seats.clear();
    else this.#seats.delete(seat);
  }
}
