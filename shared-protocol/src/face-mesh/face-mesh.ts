import { BLAZEFACE_256_LAYERS, blazefaceAnchors, layerRows } from "./blazeface-anchors.js";
import { decodeBlazeface, gatherBlazefaceOutputs, suppressOverlaps } from "./blazeface-decode.js";
import { inputToSource, letterboxInput } from "./detector-input.js";
import { sampleWindow } from "./face-crop.js";
import { meshToSource, meshWindow, type Point3 } from "./face-geometry.js";
import { type FaceMeshModels, findOutput } from "./model-io.js";
import { assertPixelImage, type PixelImage } from "./pixel-image.js";
import { Resampler } from "./resample.js";

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

export interface FaceMeshOptions {
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
}

export interface FaceMesh {
  /** Faces in an RGB or RGBA frame. Calls are queued: they share the model input buffers. */
  detect(image: PixelImage): Promise<Face[]>;
}

/** Pixels → 468 landmarks per face: BlazeFace, then the face-mesh model on an eye-levelled crop. */
export function createFaceMesh(models: FaceMeshModels, opts: FaceMeshOptions = {}): FaceMesh {
  const { detector, mesh } = models;
  const detIn = { ...detector.input, data: new Float32Array(detector.input.size ** 2 * 3) };
  const meshIn = { ...mesh.input, data: new Float32Array(mesh.input.size ** 2 * 3) };
  // BlazeFace wants -1..1, facemesh 0..1 (as the TF.js models were trained/exported).
  const detFormat = { layout: detIn.layout, scale: 1 / 127.5, offset: -1 };
  const meshFormat = { layout: meshIn.layout, scale: 1 / 255, offset: 0 };
  const layers = BLAZEFACE_256_LAYERS;
  const anchors = blazefaceAnchors(detIn.size, layers);
  const rowsPerLayer = layers.map((l) => layerRows(detIn.size, l));
  const resampler = new Resampler();
  const settings = {
    minScore: opts.minScore ?? 0.5,
    minMeshScore: opts.minMeshScore ?? 0.5,
    maxFaces: opts.maxFaces ?? 10,
    iou: opts.iouThreshold ?? 0.3,
    window: { scale: opts.cropScale ?? 1.5, rotate: opts.rotate ?? true, outSize: meshIn.size },
  };

  async function detectFaces(image: PixelImage): Promise<Face[]> {
    assertPixelImage(image);
    const lb = letterboxInput(image, detIn.size, detFormat, detIn.data, resampler);
    const outputs = await detector.run(detIn.data, detIn.dims);
    const { logits, regressors } = gatherBlazefaceOutputs(outputs, rowsPerLayer);
    const candidates = decodeBlazeface(logits, regressors, anchors, settings.minScore);
    const faces: Face[] = [];
    for (const c of suppressOverlaps(candidates, settings.iou, settings.maxFaces)) {
      const [x1, y1] = inputToSource(lb, c.box[0], c.box[1]);
      const [x2, y2] = inputToSource(lb, c.box[2], c.box[3]);
      const keypoints = c.keypoints.map(([x, y]) => inputToSource(lb, x, y));
      const win = meshWindow([x1, y1, x2, y2], keypoints, settings.window);
      sampleWindow(image, win, meshFormat, meshIn.data);
      const meshOut = await mesh.run(meshIn.data, meshIn.dims);
      const meshScore = findOutput(meshOut, 1, "facemesh face flag").data[0] ?? 0;
      if (meshScore < settings.minMeshScore) continue;
      const raw = findOutput(meshOut, MESH_POINTS * 3, "facemesh landmarks").data;
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

  let queue: Promise<unknown> = Promise.resolve();
  return {
    detect(image) {
      const next = queue.then(() => detectFaces(image));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}
