import { describe, expect, it } from "vitest";
import { decodeCenternetDetections, decodeCenternetHeatmaps, type FloatTensor } from "./centernet-decode.js";
import { resolveOptions } from "./postprocess.js";

const labels = ["person", "dog", "cup"];
const opts = (o = {}) =>
  resolveOptions(labels, { scoreThreshold: 0.3, iouThreshold: 0.5, maxDetections: 100 }, o);

const H = 6;
const W = 8;
const C = labels.length;
const STRIDE = 4;

/** Heatmap and edge-distance maps in TF's channels-last layout, filled by the callbacks. */
function heads(
  peaks: { y: number; x: number; c: number; v: number }[],
  edges: [number, number, number, number],
) {
  const heat = new Float32Array(H * W * C);
  for (const p of peaks) heat[(p.y * W + p.x) * C + p.c] = p.v;
  const wh = new Float32Array(H * W * 4);
  for (let i = 0; i < H * W; i++) wh.set(edges, i * 4);
  return {
    heat: { data: heat, dims: [1, H, W, C] } satisfies FloatTensor,
    wh: { data: wh, dims: [1, H, W, 4] } satisfies FloatTensor,
  };
}

/** The same maps in channels-first layout. */
function toNchw(t: FloatTensor): FloatTensor {
  const [, h = 0, w = 0, c = 0] = t.dims;
  const out = new Float32Array(t.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) out[(k * h + y) * w + x] = t.data[(y * w + x) * c + k] as number;
  return { data: out, dims: [1, c, h, w] };
}

const peaks = [
  { y: 2, x: 3, c: 0, v: 0.9 }, // person peak
  { y: 2, x: 4, c: 0, v: 0.5 }, // its shoulder: a neighbour, not a peak
  { y: 2, x: 4, c: 1, v: 0.6 }, // dog at the same cell in another class: a peak of its own map
  { y: 5, x: 7, c: 2, v: 0.35 }, // cup in the corner (neighbours outside the map are ignored)
  { y: 0, x: 0, c: 2, v: 0.2 }, // below threshold
];

describe("decodeCenternetHeatmaps", () => {
  const { heat, wh } = heads(peaks, [3, 2, 5, 6]);

  it("finds per-class 3×3 peaks and turns edge distances into boxes", () => {
    const out = decodeCenternetHeatmaps(heat, wh, C, STRIDE, opts());
    const byClass = out.sort((a, b) => a.classId - b.classId);
    expect(byClass).toEqual([
      { classId: 0, score: expect.closeTo(0.9, 6), box: [12 - 3, 8 - 2, 12 + 5, 8 + 6] },
      { classId: 1, score: expect.closeTo(0.6, 6), box: [16 - 3, 8 - 2, 16 + 5, 8 + 6] },
      { classId: 2, score: expect.closeTo(0.35, 6), box: [28 - 3, 20 - 2, 28 + 5, 20 + 6] },
    ]);
  });

  it("honours the threshold and class filter", () => {
    expect(decodeCenternetHeatmaps(heat, wh, C, STRIDE, opts({ scoreThreshold: 0.1 }))).toHaveLength(4);
    const cups = decodeCenternetHeatmaps(heat, wh, C, STRIDE, opts({ classes: ["cup"] }));
    expect(cups.map((c) => c.classId)).toEqual([2]);
  });

  it("decodes channels-first maps identically", () => {
    const a = decodeCenternetHeatmaps(heat, wh, C, STRIDE, opts());
    const b = decodeCenternetHeatmaps(toNchw(heat), toNchw(wh), C, STRIDE, opts());
    const key = (x: { classId: number }) => x.classId;
    expect(b.sort((p, q) => key(p) - key(q))).toEqual(a.sort((p, q) => key(p) - key(q)));
  });

  it("rejects maps that do not match", () => {
    expect(() =>
      decodeCenternetHeatmaps(heat, { data: wh.data, dims: [1, H, W, 2] }, C, STRIDE, opts()),
    ).toThrow(/box sizes must be/);
    const small = { data: new Float32Array(4 * 4 * 4), dims: [1, 4, 4, 4] };
    expect(() => decodeCenternetHeatmaps(heat, small, C, STRIDE, opts())).toThrow(/differ/);
  });
});

describe("decodeCenternetDetections", () => {
  it("reads [1, K, 6] rows of corners, score and class id", () => {
    const rows = new Float32Array([10, 20, 30, 40, 0.8, 2, 1, 2, 3, 4, 0.1, 0, 5, 6, 7, 8, 0.5, 0]);
    const out = decodeCenternetDetections({ data: rows, dims: [1, 3, 6] }, opts());
    expect(out.map((c) => [c.classId, c.box])).toEqual([
      [2, [10, 20, 30, 40]],
      [0, [5, 6, 7, 8]],
    ]);
    expect(
      decodeCenternetDetections({ data: rows, dims: [1, 3, 6] }, opts({ classes: ["cup"] })),
    ).toHaveLength(1);
    expect(() => decodeCenternetDetections({ data: rows, dims: [1, 18] }, opts())).toThrow(/\[1, K, 6\]/);
  });
});
