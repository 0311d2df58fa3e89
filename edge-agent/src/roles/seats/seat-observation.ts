import {
  bottomCentre,
  boxPolygonOverlap,
  type PixelBox,
  pointInPolygon,
  type Vec,
} from "../../analysis/geometry.js";
import type { SeatOptions } from "./seat-options.js";

/** The part of a detector result the analytics needs (the vision `Detection` satisfies it). */
export interface SeatDetection {
  readonly label: string;
  readonly score: number;
  readonly box: PixelBox;
}

/** What one frame says about one seat. */
export interface SeatObservation {
  persons: number;
  /** Best score of a person counted in the seat, 0 when none. */
  personScore: number;
  /** Object classes counted in the seat, sorted, unique. */
  objects: string[];
  /** Best score of a counted object, 0 when none. */
  objectScore: number;
  /**
   * Strongest evidence that did not quite count (a person or object only touching the seat), as
   * score × overlap. `1 - nearScore` is how sure an observation of "nothing here" is.
   */
  nearScore: number;
  /** Changed share of the seat versus its empty baseline, when a baseline exists. */
  baselineDiff?: number;
  /** No person or object detected, yet the seat looks clearly different from its empty baseline. */
  leftBehind: boolean;
}

export type ObservationOptions = Pick<
  SeatOptions,
  "personMinScore" | "objectMinScore" | "personOverlap" | "objectOverlap" | "objectClasses"
>;

/**
 * How well a person box fits a seat: 0 when it does not count, above 1 when its bottom-centre is in the
 * seat, otherwise the overlap share. Ranks seats when one person touches several.
 */
export function personFit(box: PixelBox, polygon: readonly Vec[], opts: ObservationOptions): number {
  const overlap = boxPolygonOverlap(box, polygon);
  const share = Math.max(overlap.ofBox, overlap.ofPolygon);
  if (pointInPolygon(bottomCentre(box), polygon)) return 1 + share;
  return share >= opts.personOverlap ? share : 0;
}

/**
 * Gives every person to the one seat it fits best, so someone leaning across two desks occupies one of
 * them, not both. Returns the detections each seat should see (objects are not exclusive: a bag on
 * the border may matter to both neighbours).
 */
export function claimPersons(
  seats: ReadonlyMap<string, readonly Vec[]>,
  detections: readonly SeatDetection[],
  opts: ObservationOptions,
): Map<string, SeatDetection[]> {
  const out = new Map<string, SeatDetection[]>();
  for (const seat of seats.keys()) out.set(seat, []);
  for (const d of detections) {
    if (d.label !== "person") {
      for (const list of out.values()) list.push(d);
      continue;
    }
    let best: string | undefined;
    let bestFit = 0;
    for (const [seat, polygon] of seats) {
      const fit = personFit(d.box, polygon, opts);
      if (fit > bestFit) {
        best = seat;
        bestFit = fit;
      }
    }
    // A person who fits nowhere still goes to every seat as "near" evidence.
    const targets = best === undefined ? [...out.keys()] : [best];
    for (const seat of targets) out.get(seat)?.push(d);
  }
  return out;
}

/**
 * Assigns detections to one seat. A seated person's box often spills far outside the seat polygon
 * (head and shoulders above, legs in front), so the bottom-centre rule catches the usual case and the
 * overlap rule catches people seen from the side or cut off at the frame edge.
 */
export function detectionsInSeat(
  polygon: readonly Vec[],
  detections: readonly SeatDetection[],
  opts: ObservationOptions,
): Omit<SeatObservation, "baselineDiff" | "leftBehind"> {
  const objectClasses = new Set(opts.objectClasses);
  let persons = 0;
  let personScore = 0;
  let objectScore = 0;
  let nearScore = 0;
  const objects = new Set<string>();
  for (const d of detections) {
    const isPerson = d.label === "person";
    if (!isPerson && !objectClasses.has(d.label)) continue;
    if (d.score < (isPerson ? opts.personMinScore : opts.objectMinScore)) continue;
    const overlap = boxPolygonOverlap(d.box, polygon);
    if (isPerson) {
      const share = Math.max(overlap.ofBox, overlap.ofPolygon);
      if (personFit(d.box, polygon, opts) > 0) {
        persons++;
        personScore = Math.max(personScore, d.score);
      } else {
        nearScore = Math.max(nearScore, d.score * share);
      }
    } else if (overlap.ofBox >= opts.objectOverlap) {
      objects.add(d.label);
      objectScore = Math.max(objectScore, d.score);
    } else {
      nearScore = Math.max(nearScore, d.score * overlap.ofBox);
    }
  }
  return { persons, personScore, objects: [...objects].sort(), objectScore, nearScore };
}

/** Adds the baseline verdict: an unexplained large difference counts as something left on the seat. */
export function withBaseline(
  found: Omit<SeatObservation, "baselineDiff" | "leftBehind">,
  baselineDiff: number | undefined,
  threshold: number,
): SeatObservation {
  const leftBehind =
    baselineDiff !== undefined &&
    baselineDiff >= threshold &&
    found.persons === 0 &&
    found.objects.length === 0;
  return baselineDiff === undefined ? { ...found, leftBehind } : { ...found, baselineDiff, leftBehind };
}
