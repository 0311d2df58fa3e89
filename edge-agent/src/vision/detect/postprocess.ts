import { type Transform, toSource } from "../image/resize.js";
import type { Candidate, Detection, DetectOptions } from "./detector.js";
import { nms } from "./nms.js";

/** A detector's defaults for everything but the class filter. */
export type DetectDefaults = Required<Omit<DetectOptions, "classes">>;

export type ResolvedOptions = DetectDefaults & {
  /** Allowed class ids, or null for all. */
  allowed: ReadonlySet<number> | null;
};

/** Merges per-call options over a detector's defaults and turns class names into ids once. */
export function resolveOptions(
  labels: readonly string[],
  defaults: DetectDefaults,
  opts: DetectOptions = {},
): ResolvedOptions {
  const resolved = {
    scoreThreshold: opts.scoreThreshold ?? defaults.scoreThreshold,
    iouThreshold: opts.iouThreshold ?? defaults.iouThreshold,
    maxDetections: opts.maxDetections ?? defaults.maxDetections,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`${key} must be a non-negative number, got ${value}`);
  }
  if (!opts.classes) return { ...resolved, allowed: null };
  const allowed = new Set<number>();
  for (const name of opts.classes) {
    const id = labels.indexOf(name);
    if (id < 0) {
      const hint = labels.length > 0 ? `; known: ${labels.join(", ")}` : "";
      throw new Error(`unknown class "${name}"${hint}`);
    }
    allowed.add(id);
  }
  return { ...resolved, allowed };
}

/**
 * Turns decoder candidates (model-input pixels, already above the score threshold and in the class
 * filter) into final detections. Boxes are mapped to source pixels first, so ones that collapse
 * once clamped to the frame (found in the letterbox border) never take a slot from real ones; NMS
 * after the mapping gives the same result because IoU does not change under per-axis scaling.
 */
export function finalize(
  candidates: readonly Candidate[],
  transform: Transform,
  labels: readonly string[],
  opts: ResolvedOptions,
): Detection[] {
  const mapped: Detection[] = [];
  for (const c of candidates) {
    const box = toSource(c.box, transform);
    if (box[2] - box[0] <= 0 || box[3] - box[1] <= 0) continue;
    mapped.push({
      label: labels[c.classId] ?? `class_${c.classId}`,
      classId: c.classId,
      score: c.score,
      box,
    });
  }
  return nms(mapped, opts.iouThreshold, opts.maxDetections);
}
