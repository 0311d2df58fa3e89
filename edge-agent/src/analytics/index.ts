/**
 * Seat analytics of the edge agent: pure functions and per-camera state, no I/O. The pipeline feeds
 * frames and detections in, and hands the resulting seatChange payloads and snapshots to delivery.
 */
export {
  type AnalyticsOptions,
  DEFAULT_ANALYTICS_OPTIONS,
  DEFAULT_OBJECT_CLASSES,
  resolveAnalyticsOptions,
  type SeatRules,
} from "./analytics-options.js";
export {
  boxPolygonOverlap,
  type Overlap,
  type PixelBox,
  pointInPolygon,
  polygonBounds,
  toPixels,
  type Vec,
} from "./geometry.js";
export type { RgbFrame } from "./gray-patch.js";
export { type GateDecision, type GateRegion, MotionGate, type MotionGateOptions } from "./motion-gate.js";
export { SeatAnalyzer, type SeatSpec } from "./seat-analyzer.js";
export type { SeatDetection, SeatObservation } from "./seat-observation.js";
export { SeatTracker } from "./seat-tracker.js";
export type { SeatStatus, SeatTransition } from "./seat-transition.js";
