import { describe, expect, it } from "vitest";
import { graphModelFromMemory } from "../tfjs/load-graph-model.js";
import { convertGraphModel, supportedOps } from "./convert.js";
import { attr, runOnnx, TinyGraph } from "./tiny-graph.test-support.js";

const memory = (g: TinyGraph, extra: Record<string, unknown> = {}) =>
  graphModelFromMemory({ ...g.json(), ...extra }, new Map([["w.bin", g.shard()]]));

describe("convertGraphModel", () => {
  it("names every unsupported op with the first node using it", () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 4]);
    g.op("Erf", "layer/erf", ["x"]);
    g.op("Cumsum", "layer/cumsum", ["layer/erf"]);
    g.op("Erf", "layer/erf_again", ["layer/cumsum"]);
    expect(() => g.convert()).toThrow(
      'unsupported TF ops: Erf (node "layer/erf"), Cumsum (node "layer/cumsum")',
    );
  });

  it("converts only what the outputs need and ignores control inputs", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [3]);
    g.const("two", [], [2]);
    g.op("NoOp", "init", []);
    g.op("Mul", "y", ["x", "two", "^init"]);
    g.op("Erf", "unused", ["x"]);
    const model = convertGraphModel(memory(g, { signature: { outputs: { doubled: { name: "y:0" } } } }), {
      name: "t",
    });
    expect(model.outputs.map((o) => o.name)).toEqual(["doubled"]);
    expect(model.opCounts).toEqual({ Placeholder: 1, Const: 1, Mul: 1 });
    const out = await runOnnx(model, { x: { shape: [3], data: [1, -2, 3] } });
    expect(out.doubled?.data).toEqual([2, -4, 6]);
  });

  it("renames inputs and outputs and reports their shapes", async () => {
    const g = new TinyGraph();
    g.placeholder("input_1", [-1, 2]);
    g.op("Relu", "Identity", ["input_1"]);
    g.op("Sigmoid", "Identity_1", ["input_1"]);
    const model = convertGraphModel(memory(g), {
      name: "t",
      inputNames: { input_1: "pixels" },
      outputNames: { Identity: "relu", Identity_1: "score" },
      metadata: { source: "test" },
    });
    expect(model.inputs).toEqual([
      { name: "pixels", tfName: "input_1", dtype: "float32", shape: ["batch", 2] },
    ]);
    expect(model.outputs.map((o) => [o.name, o.tfName, o.shape])).toEqual([
      ["relu", "Identity", ["batch", 2]],
      ["score", "Identity_1", ["batch", 2]],
    ]);
    const out = await runOnnx(model, { pixels: { shape: [1, 2], data: [-1, 0] } });
    expect(out.relu?.data).toEqual([0, 0]);
    expect(out.score?.data).toEqual([1 / (1 + Math.E), 0.5].map((v) => Math.fround(v)));
  });

  it("reports a Const without a weight and a reference to a missing node", () => {
    const g = new TinyGraph();
    g.placeholder("x", [1]);
    g.nodes.push({ name: "ghost", op: "Const", attr: { dtype: attr.type("DT_FLOAT") } });
    g.op("AddV2", "y", ["x", "ghost"]);
    expect(() => g.convert()).toThrow('Const node "ghost": no weight with that name');
    const h = new TinyGraph();
    h.op("Relu", "y", ["nowhere"]);
    expect(() => h.convert()).toThrow('graph references unknown node "nowhere"');
  });

  it("lists the ops it supports, covering the human models' op census", () => {
    const census = [
      "_FusedConv2D",
      "Conv2D",
      "DepthwiseConv2dNative",
      "FusedDepthwiseConv2dNative",
      "Add",
      "AddV2",
      "Mul",
      "Sub",
      "Relu",
      "Relu6",
      "Prelu",
      "Sigmoid",
      "MaxPool",
      "Pad",
      "Mean",
      "ConcatV2",
      "Reshape",
      "ResizeBilinear",
      "TopKV2",
      "GatherV2",
      "StridedSlice",
      "Cast",
      "Equal",
      "FloorDiv",
      "FloorMod",
      "ExpandDims",
      "Identity",
      "Const",
      "Placeholder",
    ];
    expect(supportedOps()).toEqual(expect.arrayContaining(census));
  });
});
