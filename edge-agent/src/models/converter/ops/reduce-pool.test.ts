import { describe, expect, it } from "vitest";
import { attr, expectParity, onnxOps, ramp, TinyGraph } from "../tiny-graph.test-support.js";

function convInput(g: TinyGraph, h: number, w: number, c: number): string {
  g.placeholder("x", [1, h, w, c]);
  g.const("w", [1, 1, c, c], ramp(c * c, 0.1));
  return g.op("Conv2D", "conv", ["x", "w"], {
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
    padding: attr.s("SAME"),
    data_format: attr.s("NHWC"),
  });
}

const feed = (h: number, w: number, c: number) => ({
  x: { shape: [1, h, w, c], data: ramp(h * w * c, 0.2) },
});

const pool = (g: TinyGraph, op: string, name: string, input: string, k: number, s: number, padding: string) =>
  g.op(op, name, [input], {
    ksize: attr.ints([1, k, k, 1]),
    strides: attr.ints([1, s, s, 1]),
    padding: attr.s(padding),
    data_format: attr.s("NHWC"),
  });

describe("reduction and pooling op mappers", () => {
  it("squeeze-excite Mean(keep_dims) over H, W stays in NCHW", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 4, 5, 3);
    g.const("hw", [2], [1, 2], "int32");
    g.op("Mean", "se", [x, "hw"], { keep_dims: attr.b(true) });
    g.op("Sigmoid", "gate", ["se"]);
    g.op("Mul", "y", ["gate", x]);
    expect(onnxOps(g.convert()).filter((op) => op === "Transpose")).toHaveLength(2);
    await expectParity(g, feed(4, 5, 3), ["y"], 1e-5);
  });

  it("reductions without keep_dims, negative axes, Sum / Max / Min", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 3, 4, 2);
    g.const("hw", [2], [1, 2], "int32");
    g.const("h", [1], [1], "int32");
    g.const("last", [1], [-1], "int32");
    g.op("Mean", "pooled", [x, "hw"], { keep_dims: attr.b(false) });
    g.op("Mean", "over_h", [x, "h"], { keep_dims: attr.b(false) });
    g.op("Sum", "sum_c", [x, "last"], { keep_dims: attr.b(false) });
    g.op("Max", "max_h", [x, "h"], { keep_dims: attr.b(true) });
    g.op("Min", "min_hw", [x, "hw"], { keep_dims: attr.b(true) });
    await expectParity(g, feed(3, 4, 2), ["pooled", "over_h", "sum_c", "max_h", "min_hw"], 1e-5);
  });

  it("MaxPool SAME (3×3 stride 1, 2×2 stride 2 on odd sizes), VALID, and AvgPool SAME", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 5, 7, 2);
    pool(g, "MaxPool", "peaks", x, 3, 1, "SAME");
    pool(g, "MaxPool", "half", x, 2, 2, "SAME");
    pool(g, "MaxPool", "valid", x, 2, 2, "VALID");
    pool(g, "AvgPool", "avg", x, 3, 2, "SAME");
    await expectParity(g, feed(5, 7, 2), ["peaks", "half", "valid", "avg"], 1e-5);
  });

  it("keeps TF's meaning of an empty axis list (no reduction)", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [2, 3]);
    g.const("none", [0], [], "int32");
    g.op("Mean", "y", ["x", "none"], { keep_dims: attr.b(false) });
    g.op("Identity", "out", ["y"]);
    const out = await expectParity(g, { x: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } }, ["out"], 0);
    expect(out.out?.data).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
