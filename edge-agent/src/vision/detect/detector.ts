import type { RawImage } from "../image/raw-image.js";
import type { Box } from "../image/resize.js";

export type { Box } from "../image/resize.js";

/** A decoded video frame or picture: packed 8-bit RGB, as the RTSP pipeline and `loadRgb` produce. */
export type Frame = RawImage;

/** One detected object; `box` is [x1, y1, x2, y2] in source-frame pixels. */
export interface Detection {
  label: string;
  classId: number;
  score: number;
  box: Box;
}

export interface DetectOptions {
  /** Minimum class score, 0..1; each detector has its own default suited to its score calibration. */
  scoreThreshold?: number;
  /** Boxes of the same class overlapping more than this (IoU) are suppressed. */
  iouThreshold?: number;
  /** Only these labels (e.g. ["person", "car"]); unknown names are an error, not silently nothing. */
  classes?: readonly string[];
  /** At most this many detections, best first. */
  maxDetections?: number;
}

/** What the edge agent runs per frame; implementations own an inference session until `close()`. */
export interface Detector {
  readonly name: string;
  readonly labels: readonly string[];
  detect(frame: Frame, opts?: DetectOptions): Promise<Detection[]>;
  close(): Promise<void>;
}

/** A decoder's output before NMS: box still in model-input pixels. */
export interface Candidate {
  classId: number;
  score: number;
  box: Box;
}
