import type { Box, Detection } from "../../vision/detect/detector.js";
import { iou } from "./tracker.js";

/** Boxes overlapping more than this (IoU) are one vehicle the detector named twice (truck and bus). */
const SAME_VEHICLE_IOU = 0.5;
/** A box this much inside a bigger one is part of that vehicle (a door "suitcase", a cab "car"). */
const PART_OF_VEHICLE = 0.8;

const area = (b: Readonly<Box>) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Share of `inner`'s area that lies inside `outer`. */
function inside(inner: Readonly<Box>, outer: Readonly<Box>): number {
  const w = Math.min(inner[2], outer[2]) - Math.max(inner[0], outer[0]);
  const h = Math.min(inner[3], outer[3]) - Math.max(inner[1], outer[1]);
  return w > 0 && h > 0 ? (w * h) / Math.max(1, area(inner)) : 0;
}

/**
 * One box per vehicle. A detector trained on street scenes calls a container filling the picture a
 * truck, a bus and a train at once, and its doors suitcases; the detector's own suppression is per
 * class, so each would start a track and end as an entry of its own. Across classes, the best-scoring
 * of boxes that are nearly the same is kept, and a box lying within a bigger kept one is dropped.
 */
export function distinctVehicles(detections: readonly Detection[]): Detection[] {
  const byScore = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of byScore) {
    const same = kept.some((k) => iou(k.box, d.box) > SAME_VEHICLE_IOU);
    const part = kept.some((k) => area(k.box) > area(d.box) && inside(d.box, k.box) > PART_OF_VEHICLE);
    if (!same && !part) kept.push(d);
  }
  // A big box scoring lower than a part of it still holds that part: the part goes, the vehicle stays.
  return kept.filter(
    (d) => !kept.some((k) => k !== d && area(k.box) > area(d.box) && inside(d.box, k.box) > PART_OF_VEHICLE),
  );
}
