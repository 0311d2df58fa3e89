import type { Point3 } from "./face-geometry.js";
import { createFaceMesh, type Face, type FaceMeshOptions } from "./face-mesh.js";
import { FaceTracker, hintFromDetection, nextHint, type TrackHint } from "./face-tracker.js";
import type { FaceMeshModels } from "./model-io.js";
import type { PixelImage } from "./pixel-image.js";

// While tracking holds, the detector still runs every this many frames (a second face, a slow drift
// of the window).
const REDETECT_EVERY = 30;

/** One person's face in consecutive frames of their own camera, and where to look for it next. */
export interface FollowedFace {
  landmarks: Point3[];
  hint: TrackHint;
}

/**
 * The learner is the largest face in their own webcam picture. Between detector frames only the mesh
 * runs, on the window the last landmarks point at (MediaPipe's tracking), which halves the work per
 * frame; when the mesh loses the face, or every REDETECT_EVERY frames, the detector runs again. The
 * hint is plain numbers, so the hub passes it between worker threads and the browser keeps it.
 */
export function createFaceFollower(models: FaceMeshModels, opts: FaceMeshOptions = {}) {
  const faceMesh = createFaceMesh(models, opts);
  const tracker = new FaceTracker(models.mesh, opts.minMeshScore);
  return async (image: PixelImage, hint: TrackHint | undefined): Promise<FollowedFace | undefined> => {
    if (hint && hint.tracked < REDETECT_EVERY) {
      const landmarks = await tracker.track(image, hint);
      if (landmarks) return { landmarks, hint: nextHint(landmarks, hint, hint.tracked + 1, tracker.outSize) };
    }
    const face = largestFace(await faceMesh.detect(image));
    return face ? { landmarks: face.landmarks, hint: hintFromDetection(face, tracker.outSize) } : undefined;
  };
}

export function largestFace(faces: readonly Face[]): Face | undefined {
  const area = (f: Face) => (f.box[2] - f.box[0]) * (f.box[3] - f.box[1]);
  let best: Face | undefined;
  for (const face of faces) if (!best || area(face) > area(best)) best = face;
  return best;
}
