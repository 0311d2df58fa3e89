/**
 * Tunables of the seat analytics. The three rule timings mirror shared-protocol's `seatRules`
 * (pushed per camera by the hub); the rest are edge-side heuristics with defaults that suit a 3 s
 * sampling interval.
 */
export interface SeatRules {
  /** Belongings without a person for this long (counted from when the person left) = held. */
  heldAfterMs: number;
  /** A person must be seen this long before the seat counts as occupied. */
  entryDebounceMs: number;
  /** No person and no belongings for this long before the seat counts as empty again. */
  exitDebounceMs: number;
}

export interface SeatOptions extends SeatRules {
  /** Entry also needs this many person observations, so one stray frame can never flip a seat. */
  minEntryObservations: number;
  /** Sightings closer than this (two missed frames at 3 s) keep one entry debounce running. */
  entryGapMs: number;
  /** Detections below these scores are ignored. */
  personMinScore: number;
  objectMinScore: number;
  /** Person counts when its bottom-centre is in the seat, or this share of box or seat overlaps. */
  personOverlap: number;
  /** Share of an object's box that must lie in the seat. */
  objectOverlap: number;
  /** Detector labels that count as belongings. */
  objectClasses: readonly string[];
  /** Motion filter: thumbnail size, mean-abs-diff threshold (0..1) and forced re-check interval. */
  motionPatchSize: number;
  motionThreshold: number;
  forceRecheckEvery: number;
  /** Baseline: thumbnail size, per-cell luma delta and changed-cell share that mean "something left". */
  baselinePatchSize: number;
  baselinePixelDelta: number;
  baselineDiffThreshold: number;
  /** Confidently empty this long before the first baseline is taken. */
  baselineCaptureAfterMs: number;
  /** Blend factor per empty observation that still looks like the baseline (follows lighting drift). */
  baselineRefreshAlpha: number;
  /**
   * A difference nobody explains (no person, no detected object) for this long is adopted as the new
   * baseline: a moved chair must not hold a seat forever.
   */
  baselineRecaptureAfterMs: number;
}

export const DEFAULT_OBJECT_CLASSES: readonly string[] = [
  "backpack",
  "handbag",
  "suitcase",
  "laptop",
  "book",
  "cup",
  "bottle",
  "cell phone",
  "umbrella",
];

export const DEFAULT_SEAT_OPTIONS: Readonly<SeatOptions> = {
  heldAfterMs: 10 * 60_000,
  entryDebounceMs: 6_000,
  exitDebounceMs: 30_000,
  minEntryObservations: 2,
  entryGapMs: 10_000,
  personMinScore: 0.35,
  objectMinScore: 0.3,
  personOverlap: 0.35,
  objectOverlap: 0.5,
  objectClasses: DEFAULT_OBJECT_CLASSES,
  motionPatchSize: 32,
  motionThreshold: 0.02,
  forceRecheckEvery: 10,
  baselinePatchSize: 24,
  baselinePixelDelta: 28,
  baselineDiffThreshold: 0.2,
  baselineCaptureAfterMs: 60_000,
  baselineRefreshAlpha: 0.1,
  baselineRecaptureAfterMs: 30 * 60_000,
};

export function resolveSeatOptions(partial: Partial<SeatOptions> = {}): SeatOptions {
  const opts = { ...DEFAULT_SEAT_OPTIONS, ...partial };
  for (const [key, value] of Object.entries(opts)) {
    if (typeof value === "number" && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`seat option ${key} must be a non-negative number, got ${value}`);
    }
  }
  if (opts.motionPatchSize < 1 || opts.baselinePatchSize < 1) throw new Error("patch sizes must be ≥ 1");
  return opts;
}
