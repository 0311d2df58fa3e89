import {
  createFaceMesh,
  type Face,
  type FaceMeshOptions,
  MESH_POINTS,
} from "@sitewatch/shared-protocol/face-mesh";
import { modelPath } from "../../models/model-cache.js";
import { type ImageSource, loadRgb } from "../image/raw-image.js";
import { createSession } from "../runtime/ort-session.js";
import { nodeRunner } from "./model-io.js";

export { type Face, MESH_POINTS };

export interface FaceLandmarkerOptions extends FaceMeshOptions {
  threads?: number;
  /** Model files or bytes; default: the build-time model cache. */
  models?: { detector?: string | Uint8Array; mesh?: string | Uint8Array };
}

export interface FaceLandmarker {
  /** A decoded RGB frame, a file path or encoded image bytes. */
  detect(frame: ImageSource): Promise<Face[]>;
  close(): Promise<void>;
}

/**
 * The shared face-mesh pipeline on onnxruntime-node sessions, which are created here once and
 * reused by every `detect`; decoding files and bytes is the only agent-specific part.
 */
export async function createFaceLandmarker(opts: FaceLandmarkerOptions = {}): Promise<FaceLandmarker> {
  const session = (m: string | Uint8Array) => createSession(m, opts.threads ? { threads: opts.threads } : {});
  const [detector, mesh] = await Promise.all([
    session(opts.models?.detector ?? modelPath("blazeface")),
    session(opts.models?.mesh ?? modelPath("facemesh")),
  ]);
  const pipeline = createFaceMesh({ detector: nodeRunner(detector), mesh: nodeRunner(mesh) }, opts);
  // close() must not release the sessions under a frame that is still being analysed.
  const pending = new Set<Promise<unknown>>();
  return {
    detect(frame) {
      const result = loadRgb(frame).then((rgb) => pipeline.detect({ ...rgb, channels: 3 }));
      const settled = result.catch(() => undefined).finally(() => pending.delete(settled));
      pending.add(settled);
      return result;
    },
    async close() {
      await Promise.all(pending);
      await Promise.all([detector.release(), mesh.release()]);
    },
  };
}
