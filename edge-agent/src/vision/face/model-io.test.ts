import * as ort from "onnxruntime-node";
import { afterEach, describe, expect, it } from "vitest";
import { type Dim, OnnxGraph } from "../../models/onnx/onnx-graph.js";
import { describeInput, findOutput, toRaw } from "./model-io.js";

/** A one-node model: `img` of the given shape → `score` = mean over everything but the batch. */
async function imageModel(shape: readonly Dim[]) {
  const g = new OnnxGraph("image");
  g.input("img", "float32", shape);
  g.node("ReduceMean", ["img"], ["mean"], { axes: [1, 2, 3], keepdims: 0 });
  g.node("Unsqueeze", ["mean", g.constant("axis", { type: "int64", dims: [1], data: [1] })], ["score"]);
  g.output("score", "float32", [shape[0] ?? 1, 1]);
  return ort.InferenceSession.create(g.toBytes());
}

const sessions: ort.InferenceSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.release()));
});

describe("describeInput", () => {
  it("reads a TF-style NHWC input with a dynamic batch and runs through its reusable tensor", async () => {
    const session = await imageModel(["batch", 8, 8, 3]);
    sessions.push(session);
    const input = describeInput(session);
    expect(input).toMatchObject({ name: "img", size: 8, layout: "nhwc" });
    expect(input.tensor.dims).toEqual([1, 8, 8, 3]);
    input.data.fill(0.25);
    const result = await session.run({ [input.name]: input.tensor });
    const outputs = session.outputNames.map((n) => toRaw(result[n]));
    expect(findOutput(outputs, 1, "score").data[0]).toBeCloseTo(0.25, 6);
    // The tensor wraps the buffer, so refilling it is all a second frame needs.
    input.data.fill(0.5);
    const again = await session.run({ [input.name]: input.tensor });
    expect(toRaw(again.score).data[0]).toBeCloseTo(0.5, 6);
  });

  it("recognises channels-first inputs", async () => {
    const session = await imageModel([1, 3, 16, 16]);
    sessions.push(session);
    expect(describeInput(session)).toMatchObject({ size: 16, layout: "nchw" });
    expect(describeInput(session).tensor.dims).toEqual([1, 3, 16, 16]);
  });

  it("rejects non-square images and names missing outputs", async () => {
    const session = await imageModel([1, 8, 4, 3]);
    sessions.push(session);
    expect(() => describeInput(session)).toThrow(/square image input, got \[1,8,4,3\]/);
    expect(() => findOutput([{ dims: [1, 2], data: new Float32Array(2) }], 1404, "mesh")).toThrow(
      /mesh: no output with last dimension 1404/,
    );
  });
});
