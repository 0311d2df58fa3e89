/**
 * Head yaw, pitch and roll from the 468-point MediaPipe face mesh, in degrees.
 *
 * Method: the mesh is a 3D shape (x, y in pixels, z a depth on roughly the same scale, larger = further
 * from the camera), so the face's own axes can be read off it directly, without fitting a generic 3D
 * model (solvePnP) or knowing the camera:
 *   - across: from the subject's right to left side, averaged over three symmetric pairs (outer eye
 *     corners, inner eye corners, cheek edges) so one noisy point does not swing the angle;
 *   - down: from the forehead top (10) to the bottom of the nose (2), both on the skull, so an open
 *     jaw does not tilt it; made orthogonal to `across`;
 *   - forward = across × down, the direction the face looks (towards the camera for a frontal face).
 * Yaw is the forward vector's turn left/right, pitch its tilt up/down, roll the in-picture tilt of the
 * eye line. A frontal face is near 0/0/0, but the exact neutral depends on the person and the camera
 * height, which is why the attention machine compares against a per-session calibrated neutral pose.
 */

type Point = readonly number[];

/** Symmetric landmark pairs, subject's right then left: outer eye corners, inner eye corners, cheek edges. */
const ACROSS_PAIRS = [
  [33, 263],
  [133, 362],
  [234, 454],
] as const;
const FOREHEAD = 10;
// The bottom of the nose rather than the chin: the chin moves with the jaw when talking or yawning.
const NOSE_BOTTOM = 2;

export interface HeadPose {
  /** Positive when the face turns towards the picture's right (the subject's left). */
  yaw: number;
  /** Positive when the face tilts up. */
  pitch: number;
  /** Positive when the eye line turns clockwise in the picture. */
  roll: number;
}

const DEG = 180 / Math.PI;

function coord(points: readonly Point[], index: number, axis: number): number {
  const p = points[index];
  if (!p) throw new Error(`face mesh has no landmark ${index} (got ${points.length} points)`);
  return p[axis] ?? 0;
}

export function headPose(points: readonly Point[]): HeadPose {
  // across = sum of right→left vectors of the symmetric pairs.
  let ax = 0;
  let ay = 0;
  let az = 0;
  for (const [r, l] of ACROSS_PAIRS) {
    ax += coord(points, l, 0) - coord(points, r, 0);
    ay += coord(points, l, 1) - coord(points, r, 1);
    az += coord(points, l, 2) - coord(points, r, 2);
  }
  const an = Math.hypot(ax, ay, az) || 1;
  ax /= an;
  ay /= an;
  az /= an;
  // down = forehead→chin, minus its component along `across` (Gram–Schmidt).
  let dx = coord(points, NOSE_BOTTOM, 0) - coord(points, FOREHEAD, 0);
  let dy = coord(points, NOSE_BOTTOM, 1) - coord(points, FOREHEAD, 1);
  let dz = coord(points, NOSE_BOTTOM, 2) - coord(points, FOREHEAD, 2);
  const along = dx * ax + dy * ay + dz * az;
  dx -= along * ax;
  dy -= along * ay;
  dz -= along * az;
  const dn = Math.hypot(dx, dy, dz) || 1;
  dx /= dn;
  dy /= dn;
  dz /= dn;
  // across × down points into the picture (+z) for a frontal face; the face looks the other way.
  const fx = -(ay * dz - az * dy);
  const fy = -(az * dx - ax * dz);
  const fz = -(ax * dy - ay * dx);
  return {
    yaw: Math.atan2(fx, -fz) * DEG,
    pitch: Math.atan2(-fy, Math.hypot(fx, fz)) * DEG,
    roll: Math.atan2(ay, ax) * DEG,
  };
}
