import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { float, OnnxGraph } from "./onnx-graph.js";

describe("OnnxGraph", () => {
  it("writes a model onnxruntime loads and runs", async () => {
    const g = new OnnxGraph("tiny");
    g.input("x", "float32", ["batch", 3]);
    const w = g.constant("w", { type: "float32", dims: [3], data: new Float32Array([1, 2, 3]) });
    const y = g.node("Mul", ["x", w], [g.unique("mul")]);
    g.node("LeakyRelu", [y], ["y"], { alpha: float(0.5) });
    g.output("y", "float32", ["batch", 3]);
    g.meta("source", "test");
    const session = await ort.InferenceSession.create(g.toBytes());
    const x = new ort.Tensor("float32", new Float32Array([1, -1, 2, -2, 0, 4]), [2, 3]);
    const { y: out } = await session.run({ x });
    expect(Array.from(out?.data as Float32Array)).toEqual([1, -1, 6, -1, 0, 12]);
    await session.release();
  });
});
