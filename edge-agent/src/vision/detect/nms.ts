import type { Box } from "../image/resize.js";

/** Anything with a class, a score and a box can be suppressed. */
export interface Scored {
  classId: number;
  score: number;
  box: Readonly<Box>;
}

function area(b: Readonly<Box>): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** Intersection over union of two [x1, y1, x2, y2] boxes; 0 for disjoint or empty boxes. */
export function iou(a: Readonly<Box>, b: Readonly<Box>): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Class-aware greedy non-maximum suppression: walks the items best first and drops any that
 * overlaps an already kept item *of the same class* by more than `iouThreshold`. A person
 * standing in front of a car keeps both boxes. Returns at most `maxKeep` items, best first.
 */
export function nms<T extends Scored>(items: readonly T[], iouThreshold: number, maxKeep = Infinity): T[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  // Kept boxes grouped by class so each candidate is compared only against its own class.
  const byClass = new Map<number, T[]>();
  for (const item of sorted) {
    if (kept.length >= maxKeep) break;
    const same = byClass.get(item.classId);
    if (same?.some((k) => iou(k.box, item.box) > iouThreshold)) continue;
    kept.push(item);
    if (same) same.push(item);
    else byClass.set(item.classId, [item]);
  }
  return kept;
}
