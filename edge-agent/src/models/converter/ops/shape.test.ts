import { describe, expect, it } from "vitest";
import { attr, expectParity, ramp, TinyGraph } from "../tiny-graph.test-support.js";

/** A 1×1 conv of the [1, 3, 4, 2] input "x" to `c` channels, so later ops see NCHW data as in real models. */
function convInput(g: TinyGraph, name: string, c: number): string {
  g.const(`${name}_w`, [1, 1, 2, c], ramp(2 * c, 0.1));
  return g.op("Conv2D", name, ["x", `${name}_w`], {
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
    padding: attr.s("SAME"),
    data_format: attr.s("NHWC"),
  });
}

const feed = (h: number, w: number) => ({ x: { shape: [1, h, w, 2], data: ramp(h * w * 2, 0.2) } });

describe("shape op mappers", () => {
  it("ConcatV2 on channels of NCHW data, negative axis, and on plain tensors", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 3, 4, 2]);
    const a = convInput(g, "a", 3);
    const b = convInput(g, "b", 1);
    g.const("c", [], [3], "int32");
    g.const("minus1", [], [-1], "int32");
    g.const("one", [], [1], "int32");
    g.op("ConcatV2", "chan", [a, b, "c"], { N: attr.i(2) });
    g.op("ConcatV2", "neg", [b, "x", "minus1"], { N: attr.i(2) });
    g.op("ConcatV2", "rows", [a, a, "one"], { N: attr.i(2) });
    await expectParity(g, feed(3, 4), ["chan", "neg", "rows"], 1e-5);
  });

  it("Pad on channels (blazeface-style) and spatially on NCHW data, PadV2 with a value", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 3, 4, 2]);
    const a = convInput(g, "a", 2);
    g.const("chan", [4, 2], [0, 0, 0, 0, 0, 0, 0, 3], "int32");
    g.const("spatial", [4, 2], [0, 0, 1, 2, 0, 1, 0, 0], "int32");
    g.const("value", [], [-5]);
    g.op("Pad", "pc", [a, "chan"]);
    g.op("Pad", "ps", [a, "spatial"]);
    g.op("PadV2", "pv", ["x", "spatial", "value"]);
    await expectParity(g, feed(3, 4), ["pc", "ps", "pv"], 1e-5);
  });

  it("Reshape (-1), ExpandDims (negative dim), Squeeze, Transpose, Pack", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 3, 4, 2]);
    const a = convInput(g, "a", 2);
    g.const("flat", [2], [1, -1], "int32");
    g.const("minus1", [], [-1], "int32");
    g.const("perm", [4], [0, 3, 1, 2], "int32");
    g.op("Reshape", "r", [a, "flat"]);
    g.op("ExpandDims", "e", ["r", "minus1"]);
    g.op("Squeeze", "s", ["e"], { squeeze_dims: attr.ints([0, 2]) });
    g.op("Transpose", "t", [a, "perm"]);
    g.op("Pack", "p", ["s", "s"], { axis: attr.i(1), N: attr.i(2) });
    const out = await expectParity(g, feed(3, 4), ["t", "p"], 1e-5);
    expect(out.p?.dims).toEqual([24, 2]);
  });

  it("ResizeBilinear and ResizeNearestNeighbor in TF's three coordinate modes", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 3, 4, 2]);
    const a = convInput(g, "a", 2);
    g.const("size", [2], [7, 5], "int32");
    const modes = [
      ["legacy", false, false],
      ["corners", true, false],
      ["half", false, true],
    ] as const;
    const outs: string[] = [];
    for (const [tag, corners, half] of modes) {
      for (const op of ["ResizeBilinear", "ResizeNearestNeighbor"]) {
        const name = `${op}_${tag}`;
        g.op(op, name, [a, "size"], { align_corners: attr.b(corners), half_pixel_centers: attr.b(half) });
        outs.push(name);
      }
    }
    await expectParity(g, feed(3, 4), outs, 1e-5);
  });

  it("passes Identity through and keeps a dynamic batch dimension", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [-1, 3, 4, 2]);
    const a = convInput(g, "a", 2);
    g.const("shape", [2], [-1, 24], "int32");
    g.op("Reshape", "r", [a, "shape"]);
    g.op("Identity", "y", ["r"]);
    const model = g.convert();
    expect(model.inputs[0]?.shape).toEqual(["batch", 3, 4, 2]);
    expect(model.outputs[0]?.shape).toEqual(["batch", 24]);
    const x = { shape: [2, 3, 4, 2], data: ramp(48, 0.2) };
    await expectParity(g, { x }, ["y"], 1e-5);
  });
});
