import { blendPatch, changedFraction, type GrayPatch } from "../../analysis/gray-patch.js";
import type { SeatOptions } from "./seat-options.js";

export type BaselineOptions = Pick<
  SeatOptions,
  | "baselinePixelDelta"
  | "baselineDiffThreshold"
  | "baselineCaptureAfterMs"
  | "baselineRefreshAlpha"
  | "baselineRecaptureAfterMs"
>;

/**
 * The look of one seat when nobody and nothing is on it. Detectors miss jackets, papers and odd bags;
 * a seat that looks clearly unlike its empty self while no person is there is probably reserved.
 */
export class SeatBaseline {
  readonly #opts: BaselineOptions;
  #patch: GrayPatch | undefined;
  #quietSince: number | undefined;
  #unexplainedSince: number | undefined;

  constructor(opts: BaselineOptions) {
    this.#opts = opts;
  }

  get ready(): boolean {
    return this.#patch !== undefined;
  }

  /** Changed share (0..1) of `current` versus the baseline, or undefined before one was captured. */
  diff(current: GrayPatch): number | undefined {
    return this.#patch ? changedFraction(this.#patch, current, this.#opts.baselinePixelDelta) : undefined;
  }

  /**
   * Learns from one observation. `explained` is true when a person or object was detected in the seat
   * (those pixels must never become "empty"); `empty` is the tracker's settled state.
   */
  update(
    current: GrayPatch,
    diff: number | undefined,
    explained: boolean,
    empty: boolean,
    now: number,
  ): void {
    const o = this.#opts;
    if (!this.#patch) {
      // Only a seat that has been confidently empty for a while may define what empty looks like.
      if (!empty || explained) {
        this.#quietSince = undefined;
        return;
      }
      this.#quietSince ??= now;
      if (now - this.#quietSince >= o.baselineCaptureAfterMs) this.#patch = current;
      return;
    }
    if (explained) {
      this.#unexplainedSince = undefined;
      return;
    }
    if (diff !== undefined && diff < o.baselineDiffThreshold) {
      // Looks empty: follow slow lighting drift so dusk does not read as a bag.
      this.#unexplainedSince = undefined;
      this.#patch = blendPatch(this.#patch, current, o.baselineRefreshAlpha);
      return;
    }
    this.#unexplainedSince ??= now;
    if (now - this.#unexplainedSince >= o.baselineRecaptureAfterMs) {
      this.#patch = current;
      this.#unexplainedSince = undefined;
    }
  }

  reset(): void {
    this.#patch = undefined;
    this.#quietSince = undefined;
    this.#unexplainedSince = undefined;
  }
}
