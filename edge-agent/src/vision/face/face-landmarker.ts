import type * as ort from "onnxruntime-node";
import { modelPath } from "../../models/model-cache.js";
import { type ImageSource, loadRgb, type RawImage } from "../image/raw-image.js";
import { createSession } from "../runtime/ort-session.js";
import { BLAZEFACE_256_LAYERS, blazefaceAnchors, layerRows } from "./blazeface-anchors.js";
import { decodeBlazeface, gatherBlazefaceOutputs, suppressOverlaps } from "./blazeface-decode.js";
import { inputToSource, letterboxInput } from "./detector-input.js";
import { sampleWindow } from "./face-crop.js";
import { meshToSource, meshWindow, type Point3 } from "./face-geometry.js";
import { describeInput, findOutput, type ModelInput, toRaw } from "./model-io.js";

export const MESH_POINTS = 468;

export interface Face {
  /** Detector box in source pixels, clipped to the frame. */
  box: [number, number, number, number];
  /** Detector confidence, 0..1. */
  score: number;
  /** 468 MediaPipe face-mesh points [x, y, z] in source pixels (z: depth relative to the face centre). */
  landmarks: Point3[];
  /** The mesh model's own "this crop is a face" confidence, 0..1. */
  meshScore: number;
}

export interface FaceLandmarkerOptions {
  threads?: number;
  /** Minimum detector score (default 0.5). */
  minScore?: number;
  /** Minimum mesh confidence; below it the detection is treated as a false positive (default 0.5). */
  minMeshScore?: number;
  maxFaces?: number;
  iouThreshold?: number;
  /** Mesh crop side relative to the detector box (default 1.5, MediaPipe's face-landmark crop). */
  cropScale?: number;
  /** Level the eyes before meshing (default true): without it a head tilted 35° gets a mesh tilted ~15°. */
  rotate?: boolean;
  /** Model files or bytes; default: the build-time model cache. */
  models?: { detector?: string | Uint8Array; mesh?: string | Uint8Array };
}

export interface FaceLandmarker {
  /** A decoded RGB frame, a file path or encoded image bytes. */
  detect(frame: ImageSource): Promise<Face[]>;
  close(): Promise<void>;
}

/** Both sessions are created here once; every `detect` reuses them and the same input buffers. */
export async function createFaceLandmarker(opts: FaceLandmarkerOptions = {}): Promise<FaceLandmarker> {
  const session = (m: string | Uint8Array) => createSession(m, opts.threads ? { threads: opts.threads } : {});
  const [detector, mesh] = await Promise.all([
    session(opts.models?.detector ?? modelPath("blazeface")),
    session(opts.models?.mesh ?? modelPath("facemesh")),
  ]);
  const detIn = describeInput(detector);
  const meshIn = describeInput(mesh);
  const layers = BLAZEFACE_256_LAYERS;
  const anchors = blazefaceAnchors(detIn.size, layers);
  const rowsPerLayer = layers.map((l) => layerRows(detIn.size, l));
  const settings = {
    minScore: opts.minScore ?? 0.5,
    minMeshScore: opts.minMeshScore ?? 0.5,
    maxFaces: opts.maxFaces ?? 10,
    iou: opts.iouThreshold ?? 0.3,
    window: { scale: opts.cropScale ?? 1.5, rotate: opts.rotate ?? true, outSize: meshIn.size },
  };

  async function run(s: ort.InferenceSession, input: ModelInput) {
    const result = await s.run({ [input.name]: input.tensor });
    return s.outputNames.map((name) => toRaw(result[name]));
  }

  async function detectFaces(image: RawImage): Promise<Face[]> {
    // BlazeFace wants -1..1, facemesh 0..1 (as the TF.js models were trained/exported).
    const lb = await letterboxInput(
      image,
      detIn.size,
      { ...detIn, scale: 1 / 127.5, offset: -1 },
      detIn.data,
    );
    const { logits, regressors } = gatherBlazefaceOutputs(await run(detector, detIn), rowsPerLayer);
    const candidates = decodeBlazeface(logits, regressors, anchors, settings.minScore);
    const faces: Face[] = [];
    for (const c of suppressOverlaps(candidates, settings.iou, settings.maxFaces)) {
      const [x1, y1] = inputToSource(lb, c.box[0], c.box[1]);
      const [x2, y2] = inputToSource(lb, c.box[2], c.box[3]);
      const keypoints = c.keypoints.map(([x, y]) => inputToSource(lb, x, y));
      const win = meshWindow([x1, y1, x2, y2], keypoints, settings.window);
      sampleWindow(image, win, { ...meshIn, scale: 1 / 255, offset: 0 }, meshIn.data);
      const outputs = await run(mesh, meshIn);
      const meshScore = findOutput(outputs, 1, "facemesh face flag").data[0] ?? 0;
      if (meshScore < settings.minMeshScore) continue;
      const raw = findOutput(outputs, MESH_POINTS * 3, "facemesh landmarks").data;
      faces.push({
        box: [
          clamp(x1, image.width),
          clamp(y1, image.height),
          clamp(x2, image.width),
          clamp(y2, image.height),
        ],
        score: c.score,
        landmarks: meshToSource(raw, win, MESH_POINTS),
        meshScore,
      });
    }
    return faces;
  }

  // Calls are serialised because they share the input buffers.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    detect(frame) {
      const next = queue.then(async () => detectFaces(await loadRgb(frame)));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      await Promise.all([detector.release(), mesh.release()]);
    },
  };
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}
