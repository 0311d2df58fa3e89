import { describe, expect, it } from "vitest";
import { faceSampleSchema, measureFace } from "./face-sample.js";
import { headPose } from "./head-pose.js";

type P3 = [number, number, number];

/** The landmarks head-pose.ts reads, on a frontal face centred at the origin (x right, y down, z away). */
const FRONTAL: Record<number, P3> = {
  33: [-45, 0, 10],
  263: [45, 0, 10],
  133: [-15, 0, 12],
  362: [15, 0, 12],
  234: [-70, 10, 40],
  454: [70, 10, 40],
  10: [0, -70, 0],
  2: [0, 45, 0],
};

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Turns the face: yaw towards the picture's right, pitch up, roll clockwise (in that order: roll first). */
function rotate([x, y, z]: P3, yaw: number, pitch: number, roll: number): P3 {
  const [cr, sr] = [Math.cos(rad(roll)), Math.sin(rad(roll))];
  const [cp, sp] = [Math.cos(rad(pitch)), Math.sin(rad(pitch))];
  const [cy, sy] = [Math.cos(rad(yaw)), Math.sin(rad(yaw))];
  [x, y] = [x * cr - y * sr, x * sr + y * cr];
  [y, z] = [y * cp + z * sp, -y * sp + z * cp];
  [x, z] = [x * cy - z * sy, x * sy + z * cy];
  return [x, y, z];
}

function mesh(yaw = 0, pitch = 0, roll = 0, scale = 1, shift: P3 = [320, 240, 0]): P3[] {
  const points: P3[] = Array.from({ length: 468 }, () => [...shift]);
  for (const [i, p] of Object.entries(FRONTAL)) {
    const [x, y, z] = rotate(p, yaw, pitch, roll);
    points[Number(i)] = [shift[0] + scale * x, shift[1] + scale * y, shift[2] + scale * z];
  }
  return points;
}

describe("headPose", () => {
  it("is zero for a frontal face, whatever its size and place in the picture", () => {
    for (const m of [mesh(), mesh(0, 0, 0, 0.3, [50, 60, 0]), mesh(0, 0, 0, 3)]) {
      const pose = headPose(m);
      expect(pose.yaw).toBeCloseTo(0, 6);
      expect(pose.pitch).toBeCloseTo(0, 6);
      expect(pose.roll).toBeCloseTo(0, 6);
    }
  });

  it.each([
    [30, 0, 0],
    [-45, 0, 0],
    [0, 20, 0],
    [0, -35, 0],
    [0, 0, 15],
    [0, 0, -25],
  ])("reads yaw %s°, pitch %s°, roll %s° back", (yaw, pitch, roll) => {
    const pose = headPose(mesh(yaw, pitch, roll));
    expect(pose.yaw).toBeCloseTo(yaw, 6);
    expect(pose.pitch).toBeCloseTo(pitch, 6);
    expect(pose.roll).toBeCloseTo(roll, 6);
  });

  it("separates a combined turn into its parts within a few degrees", () => {
    const pose = headPose(mesh(25, -15, 10));
    expect(pose.yaw).toBeCloseTo(25, -1);
    expect(pose.pitch).toBeCloseTo(-15, -1);
    expect(Math.abs(pose.roll - 10)).toBeLessThan(6);
  });
});

describe("measureFace and faceSampleSchema", () => {
  it("measures a mesh into a sample the schema accepts", () => {
    const s = measureFace(mesh(10, 5, 0));
    expect(faceSampleSchema.parse(s)).toEqual(s);
    expect(s.yaw).toBeCloseTo(10, 6);
    expect(s.ear).toBe((s.earLeft + s.earRight) / 2);
  });

  it("keeps a degenerate mesh (every point in one place) inside the bounds", () => {
    const s = measureFace(Array.from({ length: 468 }, () => [5, 5, 5]));
    expect(faceSampleSchema.safeParse(s).success).toBe(true);
  });

  it("rejects values a client could send that no face produces", () => {
    const good = measureFace(mesh());
    for (const bad of [
      { ear: Number.NaN },
      { ear: 1.2 },
      { mar: -0.1 },
      { yaw: 400 },
      { roll: Number.POSITIVE_INFINITY },
    ]) {
      expect(faceSampleSchema.safeParse({ ...good, ...bad }).success).toBe(false);
    }
    expect(faceSampleSchema.safeParse({ ear: 0.3 }).success).toBe(false);
  });

  it("needs the full mesh", () => {
    expect(() => measureFace([[0, 0, 0]])).toThrow(/landmark/);
  });
});
