import { describe, expect, it } from "vitest";
import { blazefaceAnchors } from "./blazeface-anchors.js";
import {
  decodeBlazeface,
  type FaceCandidate,
  gatherBlazefaceOutputs,
  iou,
  REGRESSOR_WIDTH,
  suppressOverlaps,
} from "./blazeface-decode.js";

const logit = (p: number) => Math.log(p / (1 - p));

/** Raw outputs for the 256 model with every row background except the given ones. */
function rawOutputs(rows: Record<number, { p: number; reg: number[] }>) {
  const logits = new Float32Array(896).fill(-20);
  const regressors = new Float32Array(896 * REGRESSOR_WIDTH);
  for (const [i, { p, reg }] of Object.entries(rows)) {
    logits[Number(i)] = logit(p);
    regressors.set(reg, Number(i) * REGRESSOR_WIDTH);
  }
  return { logits, regressors };
}

describe("decodeBlazeface", () => {
  const anchors = blazefaceAnchors(256);

  it("adds anchor-relative centres and keypoints to the anchor and applies the sigmoid", () => {
    // Row 514 is in the stride-32 layer at anchor (16, 16).
    const reg = [4, -2, 40, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const { logits, regressors } = rawOutputs({ 514: { p: 0.9, reg } });
    const [face, ...rest] = decodeBlazeface(logits, regressors, anchors, 0.5);
    expect(rest).toEqual([]);
    expect(face?.score).toBeCloseTo(0.9, 5);
    expect(face?.box).toEqual([0, 4, 40, 24]);
    expect(face?.keypoints[0]).toEqual([17, 18]);
    expect(face?.keypoints[5]).toEqual([27, 28]);
  });

  it("drops rows under the threshold and survives saturated logits", () => {
    const { logits, regressors } = rawOutputs({ 0: { p: 0.4, reg: [] }, 1: { p: 0.6, reg: [] } });
    logits[2] = 1e6;
    const found = decodeBlazeface(logits, regressors, anchors, 0.5);
    expect(found.map((f) => f.score)).toEqual([expect.closeTo(0.6, 5), 1]);
  });
});

describe("gatherBlazefaceOutputs", () => {
  const t = (rows: number, width: number, fill: number) => ({
    dims: [1, rows, width],
    data: new Float32Array(rows * width).fill(fill),
  });

  it("orders per-layer outputs by anchor layer whatever their output order", () => {
    const outputs = [t(384, 16, 4), t(512, 1, 1), t(384, 1, 3), t(512, 16, 2)];
    const { logits, regressors } = gatherBlazefaceOutputs(outputs, [512, 384]);
    expect([logits[0], logits[511], logits[512], logits[895]]).toEqual([1, 1, 3, 3]);
    expect([regressors[0], regressors[512 * 16 - 1], regressors[512 * 16], regressors.at(-1)]).toEqual([
      2, 2, 4, 4,
    ]);
  });

  it("accepts already concatenated outputs and names the shapes when nothing fits", () => {
    const { logits } = gatherBlazefaceOutputs([t(896, 16, 0), t(896, 1, 7)], [512, 384]);
    expect(logits.every((v) => v === 7)).toBe(true);
    expect(() => gatherBlazefaceOutputs([t(10, 1, 0)], [512, 384])).toThrow(/512 rows.*\[1,10,1\]/);
  });
});

describe("suppressOverlaps", () => {
  const face = (box: FaceCandidate["box"], score: number): FaceCandidate => ({ box, score, keypoints: [] });

  it("keeps the best of overlapping boxes, separate faces, and at most maxCount", () => {
    const a = face([0, 0, 10, 10], 0.8);
    const b = face([1, 1, 11, 11], 0.9);
    const c = face([50, 50, 60, 60], 0.7);
    expect(iou(a.box, b.box)).toBeCloseTo(81 / 119, 5);
    expect(suppressOverlaps([a, b, c], 0.3, 10)).toEqual([b, c]);
    expect(suppressOverlaps([a, b, c], 0.3, 1)).toEqual([b]);
    expect(suppressOverlaps([a, b, c], 0.9, 10)).toEqual([b, a, c]);
  });
});
