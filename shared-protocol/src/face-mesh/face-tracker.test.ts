import { describe, expect, it } from "vitest";
import type { Point3 } from "./face-geometry.js";
import type { Face } from "./face-mesh.js";
import { FaceTracker, hintFromDetection, nextHint } from "./face-tracker.js";

/** 468 points on a square face of side `side` around (cx, cy), eyes level unless `tilt` (radians). */
function mesh(cx: number, cy: number, side: number, tilt = 0): Point3[] {
  const points: Point3[] = Array.from({ length: 468 }, (_, i) => {
    const a = (i / 468) * 2 * Math.PI;
    return [cx + (Math.cos(a) * side) / 2, cy + (Math.sin(a) * side) / 2, 0];
  });
  const eye = (dx: number): Point3 => [cx + dx * Math.cos(tilt), cy + dx * Math.sin(tilt), 0];
  points[33] = eye(-side / 4);
  points[263] = eye(side / 4);
  return points;
}

describe("tracking hints", () => {
  // A detector box smaller than the mesh and centred a little lower, as BlazeFace's is.
  const face: Face = {
    box: [110, 120, 190, 200],
    score: 0.9,
    landmarks: mesh(150, 150, 100),
    meshScore: 0.9,
  };

  it("frames the next frame's face as the detector window did", () => {
    const hint = hintFromDetection(face, 192);
    expect(hint.window.cx).toBeCloseTo(150);
    expect(hint.window.cy).toBeCloseTo(160);
    expect(hint.window.size).toBeCloseTo(80 * 1.5);
    expect(hint.window.angle).toBeCloseTo(0);
    expect(hint.tracked).toBe(0);
  });

  it("follows the face as it moves, grows and tilts, keeping the detector's framing", () => {
    const first = hintFromDetection(face, 192);
    const moved = nextHint(mesh(250, 180, 150, 0.2), first, 1, 192);
    expect(moved.window.cx).toBeCloseTo(250);
    expect(moved.window.cy).toBeCloseTo(180 + 15);
    expect(moved.window.size).toBeCloseTo(150 * 1.2);
    expect(moved.window.angle).toBeCloseTo(0.2);
    expect(moved.tracked).toBe(1);
    expect(moved.window.outSize).toBe(192);
  });

  it("runs the mesh alone on the hinted window, and gives up when it sees no face there", async () => {
    let flag = 0.9;
    const seen: number[][] = [];
    // A stand-in mesh model: every landmark at the crop's centre, and the face flag the test sets.
    const mesh = {
      input: { name: "input_1", size: 4, layout: "nhwc" as const, dims: [1, 4, 4, 3] },
      async run(input: Float32Array, dims: readonly number[]) {
        seen.push([...dims]);
        expect(input.length).toBe(4 * 4 * 3);
        return [
          { data: new Float32Array(468 * 3).fill(2), dims: [1, 468 * 3] },
          { data: Float32Array.of(flag), dims: [1, 1] },
        ];
      },
    };
    const tracker = new FaceTracker(mesh);
    const image = { width: 8, height: 8, channels: 3 as const, data: new Uint8Array(8 * 8 * 3) };
    const hint = {
      window: { cx: 5, cy: 3, size: 4, angle: 0, outSize: 4 },
      ratio: 1,
      dx: 0,
      dy: 0,
      tracked: 0,
    };
    const landmarks = await tracker.track(image, hint);
    expect(landmarks?.length).toBe(468);
    expect(landmarks?.[0]).toEqual([5, 3, 2]);
    flag = 0.2;
    expect(await tracker.track(image, hint)).toBeUndefined();
    expect(seen).toEqual([
      [1, 4, 4, 3],
      [1, 4, 4, 3],
    ]);
  });
});
