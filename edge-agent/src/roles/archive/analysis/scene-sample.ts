import type { Detection } from "../../../vision/detect/detector.js";
import type { Box } from "../../../vision/image/resize.js";

/** One analysed frame as the rules see it: its place in the segment and what the detector found. */
export interface SceneSample {
  offsetMs: number;
  width: number;
  height: number;
  persons: readonly Detection[];
  /** Detections of other classes (bags, bottles …), already filtered by score. */
  objects: readonly Detection[];
}

/** An incident a rule raised, with the boxes its thumbnail should mark. */
export interface RuleIncident {
  offsetMs: number;
  kind: string;
  severity: "info" | "warning" | "critical";
  description: string;
  zone?: string;
  highlight: { box: Box; label: string }[];
}

/** A rule fed every sample in order; returns the incidents this sample completed. */
export interface SceneRule {
  observe(sample: SceneSample): RuleIncident[];
}

export interface SampleFilter {
  personMinScore: number;
  objectMinScore: number;
  /** Classes that can be left behind; furniture, vehicles and plants stay put by nature. */
  portableObjects: readonly string[];
}

/** Splits one frame's detections into the persons and portable objects the rules look at. */
export function sceneSample(
  frame: { offsetMs: number; width: number; height: number },
  detections: readonly Detection[],
  filter: SampleFilter,
): SceneSample {
  return {
    ...frame,
    persons: detections.filter((d) => d.label === "person" && d.score >= filter.personMinScore),
    objects: detections.filter(
      (d) => filter.portableObjects.includes(d.label) && d.score >= filter.objectMinScore,
    ),
  };
}

/** Seconds with one decimal, for descriptions. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
