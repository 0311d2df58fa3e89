import { eyeAspectRatio, mouthAspectRatio } from "@sitewatch/shared-protocol/attention";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia, media } from "../../media.test-support.js";
import { modelPath } from "../../models/model-cache.js";
import { createFaceLandmarker, type FaceLandmarker } from "./face-landmarker.js";

/** modelPath throws "run the build" when a model is missing; here that means skip, not fail. */
function modelsBuilt(): boolean {
  try {
    return Boolean(modelPath("blazeface") && modelPath("facemesh"));
  } catch {
    return false;
  }
}
const hasModels = modelsBuilt();
if (!hasModels) console.warn("face landmarker: model cache missing (run the edge-agent build); skipping");

describe.skipIf(!hasMedia || !hasModels)("face landmarker on real images", () => {
  let landmarker: FaceLandmarker;
  beforeAll(async () => {
    landmarker = await createFaceLandmarker({ threads: 2 });
  });
  afterAll(async () => {
    await landmarker?.close();
  });

  it("finds the astronaut's face with a full, plausible mesh", async () => {
    const faces = await landmarker.detect(media("astronaut.png"));
    expect(faces).toHaveLength(1);
    const [face] = faces;
    if (!face) return;
    expect(face.score).toBeGreaterThan(0.75);
    expect(face.meshScore).toBeGreaterThan(0.9);
    expect(face.landmarks).toHaveLength(468);
    // The face is in the upper middle of the 512×512 portrait.
    const [x1, y1, x2, y2] = face.box;
    expect(x1).toBeGreaterThan(140);
    expect(x2).toBeLessThan(310);
    expect(y1).toBeGreaterThan(40);
    expect(y2).toBeLessThan(220);
    const margin = 0.15 * (x2 - x1);
    for (const [x, y, z] of face.landmarks) {
      expect(x).toBeGreaterThan(x1 - margin);
      expect(x).toBeLessThan(x2 + margin);
      expect(y).toBeGreaterThan(y1 - margin);
      expect(y).toBeLessThan(y2 + margin);
      expect(Math.abs(z)).toBeLessThan(x2 - x1);
    }
    const at = (i: number) => face.landmarks[i] ?? [Number.NaN, Number.NaN, 0];
    // Eyes above the nose tip above the mouth; the subject's left eye is on the image's right.
    expect(at(159)[1]).toBeLessThan(at(1)[1]);
    expect(at(1)[1]).toBeLessThan(at(13)[1]);
    expect(at(33)[0]).toBeLessThan(at(263)[0]);
    for (const side of ["left", "right"] as const) {
      const ear = eyeAspectRatio(face.landmarks, side);
      expect(ear).toBeGreaterThan(0.2);
      expect(ear).toBeLessThan(0.5);
    }
    // She smiles with her teeth showing, so the inner lips are a little apart; a yawn is ≥ 0.5.
    expect(mouthAspectRatio(face.landmarks)).toBeLessThan(0.3);
  });

  it("accepts decoded frames as well as paths", async () => {
    const { loadRgb } = await import("../image/raw-image.js");
    const faces = await landmarker.detect(await loadRgb(media("astronaut.png")));
    expect(faces).toHaveLength(1);
  });

  it("levels a tilted head before meshing, so the mesh follows the tilt", async () => {
    // Rotating the image 35° clockwise; without eye levelling the mesh stays near-upright (~15°).
    const { data, info } = await sharp(media("astronaut.png"))
      .removeAlpha()
      .rotate(35, { background: "#000" })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const [face, ...others] = await landmarker.detect({ data, width: info.width, height: info.height });
    expect(others).toEqual([]);
    if (!face) throw new Error("no face in the rotated astronaut");
    const [rx = 0, ry = 0] = face.landmarks[33] ?? [];
    const [lx = 0, ly = 0] = face.landmarks[263] ?? [];
    // Her eye line is already ~3° off level in the upright photo.
    expect((Math.atan2(ly - ry, lx - rx) * 180) / Math.PI).toBeCloseTo(38, -1);
    expect(eyeAspectRatio(face.landmarks, "left")).toBeGreaterThan(0.2);
  });

  it.each(["coffee.png", "horses.jpg"])("finds no face in %s", async (name) => {
    // coffee.png fools the detector alone (the cup scores ~0.7); the mesh model's face flag rejects it.
    expect(await landmarker.detect(media(name))).toEqual([]);
  });
});
