import {
  BLAZEFACE_256_LAYERS,
  blazefaceAnchors,
  decodeBlazeface,
  gatherBlazefaceOutputs,
  inputToSource,
  layerRows,
  letterboxInput,
  suppressOverlaps,
} from "@sitewatch/shared-protocol/face-mesh";
import type * as ort from "onnxruntime-node";
import { modelPath } from "../models/model-cache.js";
import { describeInput, toRaw } from "../vision/face/model-io.js";
import type { RawImage } from "../vision/image/raw-image.js";
import { createSession } from "../vision/runtime/ort-session.js";

/** [x1, y1, x2, y2] in source pixels, clipped to the frame. */
export type FaceBox = [number, number, number, number];

export interface FaceBoxFinderOptions {
  threads?: number;
  /**
   * Minimum detector score. Lower than the landmarker's 0.5 on purpose: for privacy a blurred patch
   * of wall costs little, a face left sharp is the failure that matters.
   */
  minScore?: number;
  maxFaces?: number;
  /** BlazeFace ONNX file or bytes; default: the build-time model cache. */
  model?: string | Uint8Array;
}

export interface FaceBoxFinder {
  find(image: RawImage): Promise<FaceBox[]>;
  close(): Promise<void>;
}

/**
 * Only the BlazeFace detector of the face landmarker (no mesh): blurring needs boxes, and the mesh's
 * "is this a face" check would drop exactly the turned-away, partly hidden faces that should stay
 * blurred. Reuses the landmarker's letterbox and decoding, so both see faces the same way.
 */
export async function createFaceBoxFinder(opts: FaceBoxFinderOptions = {}): Promise<FaceBoxFinder> {
  const session = await createSession(
    opts.model ?? modelPath("blazeface"),
    opts.threads ? { threads: opts.threads } : {},
  );
  const input = describeInput(session);
  const anchors = blazefaceAnchors(input.size, BLAZEFACE_256_LAYERS);
  const rowsPerLayer = BLAZEFACE_256_LAYERS.map((l) => layerRows(input.size, l));
  const minScore = opts.minScore ?? 0.4;
  const maxFaces = opts.maxFaces ?? 32;

  async function run(s: ort.InferenceSession) {
    const result = await s.run({ [input.name]: input.tensor });
    return s.outputNames.map((name) => toRaw(result[name]));
  }

  async function findBoxes(image: RawImage): Promise<FaceBox[]> {
    // BlazeFace wants -1..1 (as the TF.js model was exported).
    const lb = letterboxInput(
      { ...image, channels: 3 },
      input.size,
      { ...input, scale: 1 / 127.5, offset: -1 },
      input.data,
    );
    const { logits, regressors } = gatherBlazefaceOutputs(await run(session), rowsPerLayer);
    const candidates = decodeBlazeface(logits, regressors, anchors, minScore);
    return suppressOverlaps(candidates, 0.3, maxFaces).map((c) => {
      const [x1, y1] = inputToSource(lb, c.box[0], c.box[1]);
      const [x2, y2] = inputToSource(lb, c.box[2], c.box[3]);
      return [
        clamp(x1, image.width),
        clamp(y1, image.height),
        clamp(x2, image.width),
        clamp(y2, image.height),
      ];
    });
  }

  // Calls are serialised because they share the input buffer.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    find(image) {
      const next = queue.then(() => findBoxes(image));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      await session.release();
    },
  };
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}
