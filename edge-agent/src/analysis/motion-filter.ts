import type { PixelRect, Vec } from "./geometry.js";
import { type GrayPatch, grayPatch, meanAbsDiff, type RgbFrame } from "./gray-patch.js";

/** A watched region (a seat, a lane): its pixel polygon and bounding rectangle in the current frame size. */
export interface MotionRegion {
  readonly id: string;
  readonly rect: PixelRect;
  readonly polygon: readonly Vec[];
}

export interface MotionFilterOptions {
  patchSize: number;
  /** Mean absolute luma difference (0..1) above which a region counts as changed. */
  threshold: number;
  /** Analyse a region at least every this many intervals even if nothing moved; 0 disables forcing. */
  forceEvery: number;
}

export interface MotionDecision {
  /** Regions to run inference for: changed, forced or never analysed. */
  readonly analyse: string[];
  /** Regions that are unchanged; their previous observation still holds. */
  readonly skipped: string[];
  /** Subset of `analyse` that is only there because the re-check interval ran out. */
  readonly forced: string[];
  /** Difference from the last analysed frame per region, 0..1. */
  readonly diffs: ReadonlyMap<string, number>;
  /** False when no region changed at all: a static scene. */
  readonly anyChange: boolean;
  /** False when the detector can be skipped for this frame entirely. */
  readonly runDetector: boolean;
}

interface RegionMemory {
  reference: GrayPatch;
  sinceAnalysis: number;
}

/**
 * Frame differencing per region. A camera over a quiet room sees the same pixels for hours; comparing
 * each region's thumbnail with the one from its last *analysed* frame (not the previous frame) means
 * slow creep such as a bag pushed a little every minute still adds up and triggers analysis, and the
 * forced re-check bounds how stale an observation can get when the detector missed something.
 */
export class MotionFilter {
  readonly #opts: MotionFilterOptions;
  readonly #regions = new Map<string, RegionMemory>();

  constructor(opts: MotionFilterOptions) {
    this.#opts = opts;
  }

  /** Decides which regions need inference for this frame and records the decision. */
  assess(frame: RgbFrame, regions: readonly MotionRegion[]): MotionDecision {
    const analyse: string[] = [];
    const skipped: string[] = [];
    const forced: string[] = [];
    const diffs = new Map<string, number>();
    let anyChange = false;
    const live = new Set<string>();
    for (const region of regions) {
      live.add(region.id);
      const patch = grayPatch(frame, region.rect, region.polygon, this.#opts.patchSize);
      const memory = this.#regions.get(region.id);
      const diff = memory ? meanAbsDiff(memory.reference, patch) : 1;
      diffs.set(region.id, diff);
      const changed = diff > this.#opts.threshold;
      if (changed) anyChange = true;
      const since = (memory?.sinceAnalysis ?? 0) + 1;
      const due = this.#opts.forceEvery > 0 && since >= this.#opts.forceEvery;
      if (!memory || changed || due) {
        analyse.push(region.id);
        if (memory && !changed) forced.push(region.id);
        this.#regions.set(region.id, { reference: patch, sinceAnalysis: 0 });
      } else {
        skipped.push(region.id);
        memory.sinceAnalysis = since;
      }
    }
    for (const id of this.#regions.keys()) if (!live.has(id)) this.#regions.delete(id);
    return { analyse, skipped, forced, diffs, anyChange, runDetector: analyse.length > 0 };
  }

  /** Forget one region (its polygon changed) or all of them (camera reconnected: trust nothing old). */
  forget(id?: string): void {
    if (id === undefined) this.#regions.clear();
    else this.#regions.delete(id);
  }
}
