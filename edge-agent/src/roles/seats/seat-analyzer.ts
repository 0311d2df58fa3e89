import { type PixelRect, polygonBounds, toPixels, type Vec } from "../../analysis/geometry.js";
import { type GrayPatch, grayPatch, type RgbFrame } from "../../analysis/gray-patch.js";
import { type MotionDecision, MotionFilter } from "../../analysis/motion-filter.js";
import { SeatBaseline } from "./seat-baseline.js";
import {
  claimPersons,
  detectionsInSeat,
  type SeatDetection,
  type SeatObservation,
  withBaseline,
} from "./seat-observation.js";
import { resolveSeatOptions, type SeatOptions, type SeatRules } from "./seat-options.js";
import { type SeatStatus, SeatTracker, type SeatTransition } from "./seat-tracker.js";

/** The fields of shared-protocol's `SeatDefinition` the analytics uses (normalised 0..1 polygon). */
export interface SeatSpec {
  readonly seat: string;
  readonly polygon: readonly (readonly [number, number])[];
  readonly active?: boolean;
}

interface SeatSlot {
  spec: SeatSpec;
  key: string;
  tracker: SeatTracker;
  baseline: SeatBaseline;
  pixels: Vec[];
  rect: PixelRect;
  last?: { obs: SeatObservation; patch: GrayPatch };
}

/**
 * Seat analytics of one camera: motion filter → per-seat observation → baseline → state machine.
 * Pure: no I/O and no clock of its own — the caller passes `now`, so tests drive hours of fake time.
 *
 * Per frame: `plan(frame)` says whether the detector is needed at all (and for which seats); then
 * `observe(frame, detections, now)` with the detections, or with `null` when `plan` said to skip.
 * Seats the motion filter skipped keep their previous observation: their pixels did not change, and time still
 * advances for them, so a static bag still becomes "held" on time.
 */
export class SeatAnalyzer {
  readonly #opts: SeatOptions;
  readonly #motion: MotionFilter;
  readonly #slots = new Map<string, SeatSlot>();
  #size = { width: 0, height: 0 };
  #planned: { frame: RgbFrame; decision: MotionDecision } | undefined;

  constructor(seats: readonly SeatSpec[], now: number, opts: Partial<SeatOptions> = {}) {
    this.#opts = resolveSeatOptions(opts);
    this.#motion = new MotionFilter({
      patchSize: this.#opts.motionPatchSize,
      threshold: this.#opts.motionThreshold,
      forceEvery: this.#opts.forceRecheckEvery,
    });
    this.updateSeats(seats, now);
  }

  get seats(): string[] {
    return [...this.#slots.keys()];
  }

  /** Runs the motion filter for `frame`; `observe` with the same frame object reuses the decision. */
  plan(frame: RgbFrame): MotionDecision {
    this.#fitTo(frame);
    const regions = [...this.#slots.values()].map((s) => ({
      id: s.spec.seat,
      rect: s.rect,
      polygon: s.pixels,
    }));
    const decision = this.#motion.assess(frame, regions);
    this.#planned = { frame, decision };
    return decision;
  }

  /**
   * Advances every seat to `now`. Seats the motion filter flagged are re-evaluated from `detections` (source-frame
   * pixels); the others reuse their last observation. Pass detections whenever `plan` said
   * `runDetector`: the filter has already taken this frame as those seats' new reference.
   */
  observe(frame: RgbFrame, detections: readonly SeatDetection[] | null, now: number): SeatTransition[] {
    const decision = this.#planned?.frame === frame ? this.#planned.decision : this.plan(frame);
    this.#planned = undefined;
    const fresh = new Set(detections ? decision.analyse : []);
    const o = this.#opts;
    const claims = detections
      ? claimPersons(new Map([...this.#slots].map(([seat, s]) => [seat, s.pixels])), detections, o)
      : undefined;
    const out: SeatTransition[] = [];
    for (const slot of this.#slots.values()) {
      const mine = claims?.get(slot.spec.seat);
      if (fresh.has(slot.spec.seat) && mine) {
        const patch = grayPatch(frame, slot.rect, slot.pixels, o.baselinePatchSize);
        const found = detectionsInSeat(slot.pixels, mine, o);
        slot.last = { obs: withBaseline(found, slot.baseline.diff(patch), o.baselineDiffThreshold), patch };
      }
      // A seat never analysed since start or recovery has no evidence yet: it stays as it is.
      if (!slot.last) continue;
      const { obs, patch } = slot.last;
      const explained = obs.persons > 0 || obs.objects.length > 0;
      slot.baseline.update(patch, obs.baselineDiff, explained, slot.tracker.state === "empty", now);
      const change = slot.tracker.observe(obs, now);
      if (change) out.push(change);
    }
    return out;
  }

  /** The camera is down: every seat becomes unknown, and nothing seen before is trusted afterwards. */
  cameraDown(now: number): SeatTransition[] {
    this.#motion.forget();
    this.#planned = undefined;
    const out: SeatTransition[] = [];
    for (const slot of this.#slots.values()) {
      delete slot.last;
      const change = slot.tracker.cameraDown(now);
      if (change) out.push(change);
    }
    return out;
  }

  /** Current state of every seat, in configuration order: the body of the retained seatSnapshot. */
  snapshot(): SeatStatus[] {
    return [...this.#slots.values()].map((s) => s.tracker.status());
  }

  /**
   * Applies a config push. Seats with an unchanged polygon keep their state, baseline and history;
   * moved or new seats start over as unknown; removed or deactivated seats are dropped. Rule changes
   * apply to every seat from the next observation on.
   */
  updateSeats(seats: readonly SeatSpec[], now: number, rules: Partial<SeatRules> = {}): void {
    for (const [key, value] of Object.entries(rules)) {
      if (value !== undefined) Object.assign(this.#opts, { [key]: value });
    }
    const next = new Map<string, SeatSlot>();
    for (const spec of seats) {
      if (spec.active === false || next.has(spec.seat)) continue;
      const key = JSON.stringify(spec.polygon);
      const old = this.#slots.get(spec.seat);
      if (old && old.key === key) {
        next.set(spec.seat, old);
        continue;
      }
      this.#motion.forget(spec.seat);
      const pixels = toPixels(spec.polygon, this.#size.width, this.#size.height);
      next.set(spec.seat, {
        spec,
        key,
        tracker: new SeatTracker(spec.seat, this.#opts, now),
        baseline: new SeatBaseline(this.#opts),
        pixels,
        rect: polygonBounds(pixels, this.#size.width, this.#size.height),
      });
    }
    for (const seat of this.#slots.keys()) if (!next.has(seat)) this.#motion.forget(seat);
    this.#slots.clear();
    for (const [seat, slot] of next) this.#slots.set(seat, slot);
  }

  /** Seat polygons are normalised; convert once per frame size (cameras may change resolution). */
  #fitTo(frame: RgbFrame): void {
    if (frame.width === this.#size.width && frame.height === this.#size.height) return;
    this.#size = { width: frame.width, height: frame.height };
    this.#motion.forget();
    for (const slot of this.#slots.values()) {
      slot.pixels = toPixels(slot.spec.polygon, frame.width, frame.height);
      slot.rect = polygonBounds(slot.pixels, frame.width, frame.height);
      slot.baseline.reset();
      delete slot.last;
    }
  }
}
