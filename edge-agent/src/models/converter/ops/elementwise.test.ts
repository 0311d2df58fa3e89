import { describe, expect, it } from "vitest";
import { attr, expectParity, onnxOps, ramp, TinyGraph } from "../tiny-graph.test-support.js";

/** A 1×1 conv so the following ops see NCHW data, as they do inside real models. */
function convInput(g: TinyGraph, c: number, weightScale = 0.2): string {
  g.placeholder("x", [1, 3, 4, c]);
  g.const("w", [1, 1, c, c], ramp(c * c, weightScale));
  return g.op("Conv2D", "conv", ["x", "w"], {
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
    padding: attr.s("SAME"),
    data_format: attr.s("NHWC"),
  });
}

const xFeed = (c: number, scale = 0.5) => ({ x: { shape: [1, 3, 4, c], data: ramp(12 * c, scale) } });

describe("elementwise op mappers", () => {
  it("ops on conv output stay in NCHW with per-channel and scalar constants", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 3);
    g.const("sixth", [], [1 / 6]);
    g.const("three", [], [3]);
    g.const("bias", [3], [0.5, -0.25, 1]);
    g.op("Mul", "m", ["sixth", x]);
    g.op("AddV2", "a", [x, "three"]);
    g.op("Relu6", "r6", ["a"]);
    g.op("AddV2", "hs", ["m", "r6"]);
    g.op("Add", "hb", ["hs", "bias"]);
    g.op("Sub", "s", ["hb", x]);
    g.op("Maximum", "y", ["s", "three"]);
    const model = g.convert();
    expect(onnxOps(model).filter((op) => op === "Transpose")).toHaveLength(2);
    await expectParity(g, xFeed(3), ["y"], 1e-5);
  });

  it("binary ops with constants of rank 3 and 4 against NCHW data", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 2);
    g.const("c3", [1, 4, 2], ramp(8, 0.3));
    g.const("c4", [1, 3, 1, 2], ramp(6, 0.7));
    g.op("Mul", "m", [x, "c3"]);
    g.op("RealDiv", "d", ["m", "c4"]);
    g.op("SquaredDifference", "y", ["d", x]);
    await expectParity(g, xFeed(2), ["y"], 1e-4);
  });

  it("integer FloorDiv / FloorMod round towards −∞ like TF (hand-checked numbers)", async () => {
    const g = new TinyGraph();
    g.placeholder("a", [6], "int32");
    g.const("three", [], [3], "int32");
    g.const("minus3", [], [-3], "int32");
    g.op("FloorDiv", "q", ["a", "three"]);
    g.op("FloorMod", "r", ["a", "three"]);
    g.op("FloorDiv", "qn", ["a", "minus3"]);
    g.op("FloorMod", "rn", ["a", "minus3"]);
    const feeds = { a: { shape: [6], data: [-7, -6, -1, 0, 5, 7], dtype: "int32" as const } };
    const out = await expectParity(g, feeds, ["q", "r", "qn", "rn"], 0);
    expect(out.q?.data).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(out.r?.data).toEqual([2, 0, 2, 0, 2, 1]);
    expect(out.qn?.data).toEqual([2, 2, 0, 0, -2, -3]);
    expect(out.rn?.data).toEqual([-1, 0, -1, 0, -1, -2]);
  });

  it("float FloorDiv / FloorMod, int Mul/Add and casts", async () => {
    const g = new TinyGraph();
    g.placeholder("f", [5]);
    g.placeholder("i", [5], "int32");
    g.const("d", [], [1.5]);
    g.const("k", [], [4], "int32");
    g.op("FloorDiv", "fq", ["f", "d"]);
    g.op("FloorMod", "fr", ["f", "d"]);
    g.op("Mul", "im", ["i", "k"]);
    g.op("AddV2", "ia", ["im", "i"]);
    g.op("Cast", "cf", ["ia"], { SrcT: attr.type("DT_INT32"), DstT: attr.type("DT_FLOAT") });
    g.op("Cast", "ci", ["f"], { SrcT: attr.type("DT_FLOAT"), DstT: attr.type("DT_INT32") });
    const feeds = {
      f: { shape: [5], data: [-4, -1.25, 0, 2.5, 7] },
      i: { shape: [5], data: [-2, -1, 0, 3, 9], dtype: "int32" as const },
    };
    await expectParity(g, feeds, ["fq", "fr", "cf", "ci"], 1e-6);
  });

  it("comparisons give bools that Cast turns into 0/1", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 2);
    g.op("MaxPool", "mp", [x], {
      ksize: attr.ints([1, 3, 3, 1]),
      strides: attr.ints([1, 1, 1, 1]),
      padding: attr.s("SAME"),
      data_format: attr.s("NHWC"),
    });
    g.op("Equal", "eq", [x, "mp"]);
    g.op("Cast", "peak", ["eq"], { SrcT: attr.type("DT_BOOL"), DstT: attr.type("DT_FLOAT") });
    g.op("Mul", "y", [x, "peak"]);
    g.const("zero", [], [0]);
    g.op("Less", "lt", [x, "zero"]);
    g.op("LogicalNot", "nlt", ["lt"]);
    g.op("Cast", "pos", ["nlt"], { SrcT: attr.type("DT_BOOL"), DstT: attr.type("DT_FLOAT") });
    await expectParity(g, xFeed(2), ["y", "pos"], 0);
  });

  it("activations: Sigmoid, Tanh, Elu, LeakyRelu, Prelu, Rsqrt, Square", async () => {
    const g = new TinyGraph();
    const x = convInput(g, 3, 0.02);
    g.const("alpha", [1, 1, 3], [0.1, -0.3, 2]);
    g.op("Sigmoid", "sig", [x]);
    g.op("Tanh", "tanh", [x]);
    g.op("Elu", "elu", [x]);
    g.op("LeakyRelu", "leaky", [x], { alpha: attr.f(0.3) });
    g.op("Prelu", "prelu", [x, "alpha"]);
    g.op("Square", "sq", [x]);
    g.op("Rsqrt", "rsqrt", ["sig"]);
    await expectParity(g, xFeed(3, 0.05), ["tanh", "elu", "leaky", "prelu", "sq", "rsqrt"], 1e-5);
  });
});
