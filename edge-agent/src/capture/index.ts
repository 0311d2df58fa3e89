export { openFrameSource, redact } from "./av-frame-source.js";
export { Backoff, type BackoffOptions } from "./backoff.js";
export { CameraPipeline, type CameraPipelineOptions, type CameraStatusUpdate } from "./camera-pipeline.js";
export { FrameSampler, type KeyframeMode } from "./frame-sampler.js";
export type {
  CapturedFrame,
  FrameSource,
  FrameSourceOptions,
  SourceStats,
  StreamInfo,
} from "./frame-source.js";
export type { CameraPipelineStats } from "./pipeline-stats.js";
export { type ProbeOptions, type ProbeResult, probeCamera } from "./probe-camera.js";
