/**
 * Eye and mouth aspect ratios on the 468-point MediaPipe face mesh, the usual drowsiness/yawn
 * signals: vertical openings divided by the horizontal span, so they do not depend on face size.
 * "left"/"right" are the subject's own sides (the left eye appears on the image's right for a
 * camera looking at the person), matching MediaPipe's naming of the mesh regions.
 */

type Point = readonly number[];

/** EAR landmarks in the order p1…p6: outer corner, two upper lid points, inner corner, two lower lid points. */
export const EYE_LANDMARKS = {
  right: [33, 160, 158, 133, 153, 144],
  left: [263, 387, 385, 362, 380, 373],
} as const;

/**
 * Inner-lip landmarks for MAR: the two mouth corners, then upper/lower pairs at the left-centre,
 * centre and right-centre of the lips.
 */
export const MOUTH_LANDMARKS = {
  corners: [78, 308],
  pairs: [
    [82, 87],
    [13, 14],
    [312, 317],
  ],
} as const;

function distance(points: readonly Point[], a: number, b: number): number {
  const p = points[a];
  const q = points[b];
  if (!p || !q) throw new Error(`face mesh has no landmark ${p ? b : a} (got ${points.length} points)`);
  return Math.hypot((p[0] ?? 0) - (q[0] ?? 0), (p[1] ?? 0) - (q[1] ?? 0));
}

/**
 * EAR = (|p2 − p6| + |p3 − p5|) / (2·|p1 − p4|). Roughly 0.25–0.35 for an open eye, falling below
 * ~0.2 as the lid closes. Uses x and y only: z is a relative depth estimate, noisier than the image
 * coordinates.
 */
export function eyeAspectRatio(points: readonly Point[], side: "left" | "right"): number {
  const [p1, p2, p3, p4, p5, p6] = EYE_LANDMARKS[side];
  const width = distance(points, p1, p4);
  return width > 0 ? (distance(points, p2, p6) + distance(points, p3, p5)) / (2 * width) : 0;
}

/** MAR = mean inner-lip opening / mouth width: near 0 with lips closed, ~0.5 and above when yawning. */
export function mouthAspectRatio(points: readonly Point[]): number {
  const [a, b] = MOUTH_LANDMARKS.corners;
  const width = distance(points, a, b);
  if (width <= 0) return 0;
  const opening = MOUTH_LANDMARKS.pairs.reduce((sum, [u, l]) => sum + distance(points, u, l), 0);
  return opening / (MOUTH_LANDMARKS.pairs.length * width);
}
