import type { FaceSample } from "@sitewatch/shared-protocol/attention";

/** Where the hub serves the face models (hub/src/roles/attention/routes/face-models.ts). */
export const MODEL_URLS = { detector: "/models/blazeface.onnx", mesh: "/models/facemesh.onnx" } as const;

/**
 * Page → analysis worker. A frame's bitmap is transferred, never copied; a camera's frame stream is
 * transferred once and then read by the worker itself, frame by frame.
 */
export type ToWorker =
  | { type: "init"; models: { detector: string; mesh: string } }
  | { type: "frame"; id: number; at: number; bitmap: ImageBitmap }
  | { type: "stream"; frames: ReadableStream<VideoFrame>; maxRate: number }
  | { type: "stop-stream" };

/** Analysis worker → page: numbers only; the picture never leaves the worker. */
export type FromWorker =
  | { type: "ready"; loadMs: number }
  | { type: "result"; id: number; at: number; face: FaceSample | null; workerMs: number }
  | { type: "streamed"; at: number; face: FaceSample | null; workerMs: number }
  | { type: "stream-error"; message: string }
  | { type: "error"; id?: number; message: string };

/** Frames wider than this are scaled down before analysis: the detector sees 256 px anyway. */
export const MAX_FRAME_WIDTH = 640;

/** Consecutive failed frames after which the analysis gives up (one bad frame is skipped). */
export const MAX_FAILURES = 5;

/** One analysed frame: capture time, the face's measurements (null = no face), and what it cost. */
export interface Analysis {
  at: number;
  face: FaceSample | null;
  /** Pixels → FaceSample inside the worker (decode, both models, geometry). */
  workerMs: number;
}
