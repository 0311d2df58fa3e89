import type { CameraState } from "@sitewatch/shared-protocol";
import type { BackoffOptions } from "./backoff.js";
import type { KeyframeMode } from "./frame-sampler.js";
import type { CapturedFrame, FrameSource, FrameSourceOptions, StreamInfo } from "./frame-source.js";

// What a CameraPipeline is given and what it reports, apart from its reconnect loop in camera-pipeline.ts.
// Everything here is fixed for the pipeline's life except the interval (CameraPipeline.setIntervalMs).

/** A change of camera state, with the fields of shared-protocol's cameraStatus message. */
export interface CameraStatusUpdate {
  camera: string;
  state: CameraState;
  at: number;
  reason?: string;
  attempt?: number;
  retryInMs?: number;
  stream?: StreamInfo;
}

export interface CameraPipelineOptions {
  camera: string;
  url: string;
  /** Sampling interval; default 3000 ms. `setIntervalMs` changes it without reconnecting. */
  intervalMs?: number;
  maxWidth?: number;
  keyframes?: KeyframeMode;
  /** No packet for this long counts as a stall and restarts the stream; default 10 s. */
  stallTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Limit for connecting and reading the stream parameters; default 20 s. */
  openTimeoutMs?: number;
  /** Give up ("failed") after this many consecutive failed attempts; default never. */
  maxAttempts?: number;
  /**
   * Pass stream time in real time (for files standing in for cameras). Such a file also loops: when it
   * simply ends it is opened again at once and the camera stays "streaming", as a camera never ends.
   */
  realtime?: boolean;
  /**
   * Receives sampled frames. It runs beside the reading, not in it: a frame arriving while the previous call
   * is still busy replaces any frame already waiting (counted as dropped), so slow analysis never makes the
   * camera connection fall behind.
   */
  onFrame: (frame: CapturedFrame, camera: string) => void | Promise<void>;
  onStatus?: (status: CameraStatusUpdate) => void;
  /** Told about errors from callbacks, which never stop the pipeline. */
  onError?: (error: unknown, camera: string) => void;
  /** Replaces node-av, for tests. */
  openSource?: (url: string, options: FrameSourceOptions) => Promise<FrameSource>;
}
