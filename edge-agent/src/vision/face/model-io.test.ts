import { findOutput } from "@sitewatch/shared-protocol/face-mesh";
import * as ort from "onnxruntime-node";
import { afterEach, describe, expect, it } from "vitest";
import { type Dim, OnnxGraph } from "../../models/onnx/onnx-graph.js";
import { describeInput, nodeRunner, toRaw } from "./model-io.js";

/** A one-node model: `img` of the given shape → `score` = mean over everything but the batch. */
async function imageModel(shape: readonly Dim[]) {
  const g = new OnnxGraph("image");
  g.input("img", "float32", shape);
  g.node("ReduceMean", ["img"], ["mean"], { axes: [1, 2, 3], keepdims: 0 });
  g.node("Unsqueeze", ["mean", g.constant("axis", { type: "int64", dims: [1], data: [1] })], ["score"]);
  g.output("score", "float32", [shape[0] ?? 1, 1]);
  const session = await ort.InferenceSession.create(g.toBytes());
  sessions.push(session);
  return session;
}

const sessions: ort.InferenceSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.release()));
});

describe("describeInput", () => {
  it("reads a TF-style NHWC input with a dynamic batch and runs through its reusable tensor", async () => {
    const session = await imageModel(["batch", 8, 8, 3]);
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

  it("recognises channels-first inputs and rejects non-square ones", async () => {
    expect(describeInput(await imageModel([1, 3, 16, 16])).tensor.dims).toEqual([1, 3, 16, 16]);
    const wide = await imageModel([1, 8, 4, 3]);
    expect(() => describeInput(wide)).toThrow(/square image input, got \[1,8,4,3\]/);
  });
});

describe("nodeRunner", () => {
  it("runs a real session for the shared pipeline, refilled buffer and all", async () => {
    const runner = nodeRunner(await imageModel([1, 3, 16, 16]));
    expect(runner.input).toMatchObject({ name: "img", size: 16, layout: "nchw", dims: [1, 3, 16, 16] });
    const data = new Float32Array(3 * 16 * 16).fill(0.75);
    const [score] = await runner.run(data, runner.input.dims);
    expect(score?.dims).toEqual([1, 1]);
    expect(score?.data[0]).toBeCloseTo(0.75, 6);
    data.fill(-2);
    expect((await runner.run(data, runner.input.dims))[0]?.data[0]).toBeCloseTo(-2, 6);
  });
});
