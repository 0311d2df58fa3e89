import { describe, expect, it } from "vitest";
import { attr, expectParity, onnxOps, ramp, TinyGraph } from "../tiny-graph.test-support.js";

const conv = (
  g: TinyGraph,
  op: string,
  name: string,
  inputs: string[],
  opts: { strides?: number; padding?: string; dilation?: number; fused?: string[]; explicit?: number[] } = {},
) =>
  g.op(op, name, inputs, {
    strides: attr.ints([1, opts.strides ?? 1, opts.strides ?? 1, 1]),
    dilations: attr.ints([1, opts.dilation ?? 1, opts.dilation ?? 1, 1]),
    padding: attr.s(opts.padding ?? "SAME"),
    data_format: attr.s("NHWC"),
    ...(opts.fused ? { fused_ops: attr.strs(opts.fused), num_args: attr.i(inputs.length - 2) } : {}),
    ...(opts.explicit ? { explicit_paddings: attr.ints(opts.explicit) } : {}),
  });

const image = (h: number, w: number, c: number) => ({ shape: [1, h, w, c], data: ramp(h * w * c) });

describe("conv op mappers", () => {
  it("Conv2D SAME with stride 2 pads asymmetrically like TF (hand-checked numbers)", async () => {
    // 1×4×4×1 input 0..15, 3×3 ones filter, stride 2: TF pads 0 before / 1 after, so the first
    // output window covers rows 0-2 / cols 0-2 of the input, the last one a 2×2 corner.
    const g = new TinyGraph();
    g.placeholder("x", [1, 4, 4, 1]);
    g.const("w", [3, 3, 1, 1], new Array(9).fill(1));
    conv(g, "Conv2D", "y", ["x", "w"], { strides: 2 });
    const out = await expectParity(g, { x: { shape: [1, 4, 4, 1], data: [...Array(16).keys()] } }, ["y"]);
    expect(out.y?.data).toEqual([45, 39, 66, 50]);
  });

  it("Conv2D VALID, EXPLICIT and dilated SAME", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 7, 6, 3]);
    g.const("w", [3, 2, 3, 4], ramp(72, 0.05));
    conv(g, "Conv2D", "valid", ["x", "w"], { padding: "VALID", strides: 2 });
    conv(g, "Conv2D", "explicit", ["x", "w"], { padding: "EXPLICIT", explicit: [0, 0, 1, 2, 0, 1, 0, 0] });
    conv(g, "Conv2D", "dilated", ["x", "w"], { dilation: 2 });
    await expectParity(g, { x: image(7, 6, 3) }, ["valid", "explicit", "dilated"]);
  });

  it("_FusedConv2D with BiasAdd and Relu / Relu6 / Prelu", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 5, 5, 2]);
    g.const("w", [3, 3, 2, 3], ramp(54, 0.3));
    g.const("b", [3], [0.5, -1, 2]);
    g.const("alpha", [1, 1, 3], [0.1, 0.2, -0.5]);
    conv(g, "_FusedConv2D", "relu", ["x", "w", "b"], { fused: ["BiasAdd", "Relu"] });
    conv(g, "_FusedConv2D", "relu6", ["x", "w", "b"], { fused: ["BiasAdd", "Relu6"], strides: 2 });
    conv(g, "_FusedConv2D", "prelu", ["x", "w", "b", "alpha"], { fused: ["BiasAdd", "Prelu"] });
    conv(g, "_FusedConv2D", "bias", ["x", "w", "b"], { fused: ["BiasAdd"], padding: "VALID" });
    await expectParity(g, { x: image(5, 5, 2) }, ["relu", "relu6", "prelu", "bias"], 1e-4);
  });

  it("DepthwiseConv2dNative with channel multiplier 2 and FusedDepthwiseConv2dNative", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 6, 6, 3]);
    g.const("w", [3, 3, 3, 2], ramp(54, 0.2));
    g.const("w1", [5, 5, 3, 1], ramp(75, 0.1));
    g.const("b", [3], [1, -2, 0.5]);
    conv(g, "DepthwiseConv2dNative", "dw", ["x", "w"], { strides: 2 });
    conv(g, "FusedDepthwiseConv2dNative", "fdw", ["x", "w1", "b"], { fused: ["BiasAdd", "Relu"] });
    await expectParity(g, { x: image(6, 6, 3) }, ["dw", "fdw"], 1e-4);
  });

  it("keeps a chain of convs in NCHW: one transpose in, one out", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 4, 4, 2]);
    g.const("w", [1, 1, 2, 2], [1, 2, 3, 4]);
    conv(g, "Conv2D", "a", ["x", "w"]);
    g.op("Relu", "r", ["a"]);
    conv(g, "Conv2D", "y", ["r", "w"]);
    const model = g.convert();
    expect(onnxOps(model).filter((op) => op === "Transpose")).toHaveLength(2);
    await expectParity(g, { x: image(4, 4, 2) }, ["y"]);
  });

  it("rejects NCHW graphs and unknown fused ops with the node name", () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 4, 4, 1]);
    g.const("w", [1, 1, 1, 1], [1]);
    g.op("Conv2D", "nchw_conv", ["x", "w"], {
      strides: attr.ints([1, 1, 1, 1]),
      padding: attr.s("SAME"),
      data_format: attr.s("NCHW"),
    });
    expect(() => g.convert()).toThrow(/Conv2D node "nchw_conv": data_format NCHW/);
    const h = new TinyGraph();
    h.placeholder("x", [1, 4, 4, 1]);
    h.const("w", [1, 1, 1, 1], [1]);
    conv(h, "_FusedConv2D", "bn", ["x", "w"], { fused: ["FusedBatchNorm"] });
    expect(() => h.convert()).toThrow(/_FusedConv2D node "bn": fused ops \[FusedBatchNorm\]/);
  });
});
