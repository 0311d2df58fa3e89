import { type CropWindow, sampleWindow } from "./face-crop.js";
import { meshToSource, type Point3, pointBounds } from "./face-geometry.js";
import { type Face, MESH_POINTS } from "./face-mesh.js";
import { findOutput, type ShapedRunner } from "./model-io.js";
import type { PixelImage } from "./pixel-image.js";

/**
 * Where a session's face is expected in its next frame, worked out from the last one's landmarks and
 * passed along with the next job (so any worker can take it). Plain numbers: it crosses threads.
 */
export interface TrackHint {
  window: CropWindow;
  /** The detector window's side and centre offset relative to the landmarks' bounds, from the last
   * detector frame, so tracked windows frame the face as the detector's would. */
  ratio: number;
  dx: number;
  dy: number;
  /** Frames since the detector last ran for this session. */
  tracked: number;
}

// MediaPipe mesh indices of the outer eye corners: right eye (picture left), left eye.
const RIGHT_EYE = 33;
const LEFT_EYE = 263;
// The detector box is enlarged this much for the mesh crop (FaceMeshOptions.cropScale's default).
const CROP_SCALE = 1.5;

function bounds(points: readonly Point3[]): { cx: number; cy: number; side: number } {
  const [x1, y1, x2, y2] = pointBounds(points);
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, side: Math.max(x2 - x1, y2 - y1, 1) };
}

function eyeAngle(points: readonly Point3[]): number {
  const r = points[RIGHT_EYE];
  const l = points[LEFT_EYE];
  return r && l ? Math.atan2(l[1] - r[1], l[0] - r[0]) : 0;
}

/** The hint after a detector frame: calibrated from the detector's box against the mesh it gave. */
export function hintFromDetection(face: Face, outSize: number): TrackHint {
  const [x1, y1, x2, y2] = face.box;
  const b = bounds(face.landmarks);
  const size = Math.max(x2 - x1, y2 - y1) * CROP_SCALE;
  const calibration = {
    ratio: size / b.side,
    dx: ((x1 + x2) / 2 - b.cx) / b.side,
    dy: ((y1 + y2) / 2 - b.cy) / b.side,
  };
  return nextHint(face.landmarks, calibration, 0, outSize);
}

/** The window for the frame after one whose mesh gave `landmarks`. */
export function nextHint(
  landmarks: readonly Point3[],
  c: Pick<TrackHint, "ratio" | "dx" | "dy">,
  tracked: number,
  outSize: number,
): TrackHint {
  const b = bounds(landmarks);
  const window = {
    cx: b.cx + c.dx * b.side,
    cy: b.cy + c.dy * b.side,
    size: c.ratio * b.side,
    angle: eyeAngle(landmarks),
    outSize,
  };
  return { window, ratio: c.ratio, dx: c.dx, dy: c.dy, tracked };
}

/**
 * The face-mesh model alone on the window the last frame's landmarks point at, skipping the detector
 * (MediaPipe's tracking): a learner's face moves little between webcam frames. Returns undefined when
 * the mesh no longer sees a face there, and the caller runs the detector.
 */
export class FaceTracker {
  private readonly input: Float32Array;

  constructor(
    private readonly mesh: ShapedRunner,
    private readonly minMeshScore = 0.5,
  ) {
    this.input = new Float32Array(mesh.input.size ** 2 * 3);
  }

  get outSize(): number {
    return this.mesh.input.size;
  }

  async track(image: PixelImage, hint: TrackHint): Promise<Point3[] | undefined> {
    const format = { layout: this.mesh.input.layout, scale: 1 / 255, offset: 0 };
    sampleWindow(image, hint.window, format, this.input);
    const outputs = await this.mesh.run(this.input, this.mesh.input.dims);
    const score = findOutput(outputs, 1, "facemesh face flag").data[0] ?? 0;
    if (score < this.minMeshScore) return undefined;
    return meshToSource(
      findOutput(outputs, MESH_POINTS * 3, "facemesh landmarks").data,
      hint.window,
      MESH_POINTS,
    );
  }
}
