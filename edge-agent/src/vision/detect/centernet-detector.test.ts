import { afterAll, describe, expect, it } from "vitest";
import { OnnxGraph, type TensorData } from "../../models/onnx/onnx-graph.js";
import { CenternetDetector } from "./centernet-detector.js";

const SIZE = 64; // input; heads on a 16×16 grid, stride 4
const GRID = 16;

/**
 * A stand-in with centernet's interface whose heads are constants (0 · mean(images) + constant),
 * exposing either the dense heads or only the post-processed detections.
 */
function constantCenternet(heads: Record<string, TensorData>): Uint8Array {
  const g = new OnnxGraph("constant-centernet");
  g.input("tower_0/images", "float32", [1, SIZE, SIZE, 3]);
  const mean = g.node("ReduceMean", ["tower_0/images"], [g.unique("mean")], { keepdims: 0 });
  const zeroConst = g.constant("zero", { type: "float32", dims: [], data: new Float32Array([0]) });
  const zero = g.node("Mul", [mean, zeroConst], [g.unique("zero")]);
  for (const [name, tensor] of Object.entries(heads)) {
    g.node("Add", [zero, g.constant(`${name}_value`, tensor)], [name]);
    g.output(name, "float32", tensor.dims);
  }
  return g.toBytes();
}

function denseHeads(): Record<string, TensorData> {
  const heat = new Float32Array(GRID * GRID * 80);
  heat[(4 * GRID + 8) * 80 + 0] = 0.8; // person centred at input (32, 16)
  heat[(4 * GRID + 9) * 80 + 0] = 0.5; // its neighbour: not a peak
  heat[(12 * GRID + 2) * 80 + 41] = 0.45; // cup centred at input (8, 48)
  const wh = new Float32Array(GRID * GRID * 4);
  for (let i = 0; i < GRID * GRID; i++) wh.set([8, 12, 8, 4], i * 4);
  return {
    "tower_0/keypoints": { type: "float32", dims: [1, GRID, GRID, 80], data: heat },
    "tower_0/wh": { type: "float32", dims: [1, GRID, GRID, 4], data: wh },
  };
}

// 128×32 source stretched to 64×64: x halves, y doubles.
const frame = { data: new Uint8Array(128 * 32 * 3).fill(90), width: 128, height: 32 };

describe("CenternetDetector on constant ONNX graphs", () => {
  const open: CenternetDetector[] = [];
  afterAll(async () => {
    for (const d of open) await d.close();
  });

  it("decodes the dense heads and undoes the stretch", async () => {
    const model = constantCenternet(denseHeads());
    const detector = await CenternetDetector.create(model, { threads: 1, head: "heatmaps" });
    open.push(detector);
    expect(detector.name).toBe("centernet");
    const dets = await detector.detect(frame);
    // person: input [24, 4, 40, 20] → source [48, 2, 80, 10]; cup: input [0, 36, 16, 52] → [0, 18, 32, 26]
    expect(dets).toEqual([
      { label: "person", classId: 0, score: expect.closeTo(0.8, 6), box: [48, 2, 80, 10] },
      { label: "cup", classId: 41, score: expect.closeTo(0.45, 6), box: [0, 18, 32, 26] },
    ]);
    expect((await detector.detect(frame, { classes: ["cup"] })).map((d) => d.label)).toEqual(["cup"]);
    expect(await detector.detect(frame, { scoreThreshold: 0.9 })).toEqual([]);
  });

  it("prefers the graph's own [1, K, 6] detections head and maps it the same way", async () => {
    const rows = new Float32Array([24, 4, 40, 20, 0.8, 0, 0, 36, 16, 52, 0.2, 41]);
    const detections: TensorData = { type: "float32", dims: [1, 2, 6], data: rows };
    const model = constantCenternet({ ...denseHeads(), "tower_0/detections": detections });
    const detector = await CenternetDetector.create(model, { threads: 1 });
    open.push(detector);
    const dets = await detector.detect(frame);
    expect(dets.map((d) => [d.label, d.box])).toEqual([["person", [48, 2, 80, 10]]]);
  });

  it("refuses models without centernet's heads", async () => {
    const model = constantCenternet({ other: { type: "float32", dims: [1, 2], data: new Float32Array(2) } });
    await expect(CenternetDetector.create(model)).rejects.toThrow(/neither keypoints\+wh nor detections/);
    const onlyDetections = constantCenternet({
      "tower_0/detections": { type: "float32", dims: [1, 1, 6], data: new Float32Array(6) },
    });
    await expect(CenternetDetector.create(onlyDetections, { head: "heatmaps" })).rejects.toThrow(
      /no keypoints\+wh outputs \(it has tower_0\/detections\)/,
    );
  });
});
