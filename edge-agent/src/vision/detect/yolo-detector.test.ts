import { afterAll, describe, expect, it } from "vitest";
import { OnnxGraph } from "../../models/onnx/onnx-graph.js";
import type { Frame } from "./detector.js";
import { YoloDetector } from "./yolo-detector.js";

const SIZE = 64; // model input, so letterboxing a 128×64 frame gives scale 0.5 and 16 px bars top/bottom
const N = 6;

/** One anchor: centre/size in input pixels and the scores to set (class id → score). */
type Anchor = { cx: number; cy: number; w: number; h: number; scores: Record<number, number> };

const anchors: Anchor[] = [
  { cx: 32, cy: 32, w: 20, h: 10, scores: { 0: 0.9 } }, // person
  { cx: 33, cy: 32, w: 20, h: 10, scores: { 0: 0.8 } }, // same person, suppressed by NMS
  { cx: 32, cy: 32, w: 20, h: 10, scores: { 16: 0.7, 0: 0.2 } }, // dog on the person: other class, kept
  { cx: 10, cy: 40, w: 8, h: 8, scores: { 2: 0.1 } }, // car, below the default threshold
  { cx: 50, cy: 8, w: 6, h: 6, scores: { 0: 0.95 } }, // entirely in the top letterbox bar → dropped
  { cx: 0, cy: 0, w: 0, h: 0, scores: {} }, // empty anchor
];

/** A model whose output ignores the pixels: 0 · mean(images) + constant, in either head layout. */
function constantYolo(classes: number, transposed: boolean, names?: string): Uint8Array {
  const ch = 4 + classes;
  const values = new Float32Array(ch * N);
  const set = (a: number, c: number, v: number) => {
    values[transposed ? a * ch + c : c * N + a] = v;
  };
  anchors.forEach((an, a) => {
    for (const [c, v] of [an.cx, an.cy, an.w, an.h].entries()) set(a, c, v);
    for (const [cls, score] of Object.entries(an.scores))
      if (Number(cls) < classes) set(a, 4 + Number(cls), score);
  });
  const dims = transposed ? [1, N, ch] : [1, ch, N];
  const g = new OnnxGraph("constant-yolo");
  g.input("images", "float32", [1, 3, SIZE, SIZE]);
  const mean = g.node("ReduceMean", ["images"], [g.unique("mean")], { keepdims: 0 });
  const zero = g.node(
    "Mul",
    [mean, g.constant("zero", { type: "float32", dims: [], data: new Float32Array([0]) })],
    [g.unique("zero")],
  );
  const head = g.constant("head", { type: "float32", dims, data: values });
  g.node("Add", [zero, head], ["output0"]);
  g.output("output0", "float32", dims);
  if (names) g.meta("names", names);
  return g.toBytes();
}

const frame: Frame = { data: new Uint8Array(128 * 64 * 3).fill(200), width: 128, height: 64 };

describe("YoloDetector on a constant ONNX graph", () => {
  const detectors: YoloDetector[] = [];
  const make = async (...args: Parameters<typeof constantYolo>) => {
    const d = await YoloDetector.create(constantYolo(...args), { threads: 1 });
    detectors.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of detectors) await d.close();
  });

  it("decodes [1, 84, N] into source pixels with letterbox undone, threshold and class-aware NMS", async () => {
    const yolo = await make(80, false);
    expect(yolo.labels).toHaveLength(80);
    const dets = await yolo.detect(frame);
    expect(dets.map((d) => [d.label, d.classId])).toEqual([
      ["person", 0],
      ["dog", 16],
    ]);
    const [person, dog] = dets;
    // input (22, 27)-(42, 37) → source: x / 0.5, (y − 16) / 0.5
    expect(person?.box).toEqual([44, 22, 84, 42]);
    expect(person?.score).toBeCloseTo(0.9, 5);
    expect(dog?.box).toEqual([44, 22, 84, 42]);
  });

  it("applies the score threshold, class filter and cap", async () => {
    const yolo = await make(80, false);
    const low = await yolo.detect(frame, { scoreThreshold: 0.05 });
    expect(low.map((d) => d.label)).toEqual(["person", "dog", "car"]);
    expect(low[2]?.box).toEqual([12, 40, 28, 56]);
    const dogs = await yolo.detect(frame, { classes: ["dog"] });
    expect(dogs.map((d) => d.label)).toEqual(["dog"]);
    const loose = await yolo.detect(frame, { iouThreshold: 0.99 });
    expect(loose.map((d) => d.label)).toEqual(["person", "person", "dog"]);
    expect(await yolo.detect(frame, { maxDetections: 1 })).toHaveLength(1);
    await expect(yolo.detect(frame, { classes: ["persn"] })).rejects.toThrow(/unknown class "persn"/);
  });

  it("accepts the transposed [1, N, 84] layout with identical results", async () => {
    const a = await make(80, false);
    const b = await make(80, true);
    expect(await b.detect(frame, { scoreThreshold: 0.05 })).toEqual(
      await a.detect(frame, { scoreThreshold: 0.05 }),
    );
  });

  it("takes class names from Ultralytics metadata", async () => {
    const yolo = await make(3, false, `{0: 'helmet', 1: 'vest', 2: "o'clock"}`);
    expect(yolo.labels).toEqual(["helmet", "vest", "o'clock"]);
    const dets = await yolo.detect(frame, { scoreThreshold: 0.05 });
    expect(dets.map((d) => d.label)).toEqual(["helmet", "o'clock"]);
  });

  it("serialises overlapping calls on the shared input buffer and refuses after close", async () => {
    const yolo = await YoloDetector.create(constantYolo(80, false), { threads: 1 });
    const results = await Promise.all([yolo.detect(frame), yolo.detect(frame), yolo.detect(frame)]);
    for (const r of results) expect(r).toHaveLength(2);
    await yolo.close();
    await expect(yolo.detect(frame)).rejects.toThrow(/closed/);
  });
});
