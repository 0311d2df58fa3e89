// The attention analyser: one implementation for the browser, the hub and the edge agent, so it must
// stay free of Node and DOM imports.
export * from "./aspect-ratios.js";
export * from "./attention-machine.js";
export type { Calibration } from "./calibration.js";
export type { Blink } from "./eye-tracker.js";
export * from "./face-sample.js";
export * from "./head-pose.js";
export * from "./thresholds.js";
