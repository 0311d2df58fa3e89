import { describe, expect, it } from "vitest";
import { attr, expectParity, onnxOps, ramp, TinyGraph } from "./tiny-graph.test-support.js";

/** conv → Mul(c, x) → AddV2(x, 3) → Relu6 → Mul: MobileNetV3's hard-swish as TF exports it. */
function hardSwishGraph(c: number, extraUse = false): TinyGraph {
  const g = new TinyGraph();
  g.placeholder("x", [1, 4, 4, 3]);
  g.const("w", [1, 1, 3, 3], ramp(9, 0.3));
  g.op("Conv2D", "conv", ["x", "w"], {
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
    padding: attr.s("SAME"),
    data_format: attr.s("NHWC"),
  });
  g.const("c", [], [c]);
  g.const("three", [], [3]);
  g.op("Mul", "hs/mul", ["c", "conv"]);
  g.op("AddV2", "hs/add", ["conv", "three"]);
  g.op("Relu6", "hs/relu6", ["hs/add"]);
  g.op("Mul", "y", ["hs/mul", "hs/relu6"]);
  if (extraUse) g.op("Identity", "also", ["hs/relu6"]);
  return g;
}

const feeds = { x: { shape: [1, 4, 4, 3], data: ramp(48, 0.5) } };

describe("hard-swish fusion", () => {
  it("turns x·(1/6)·relu6(x + 3) into one HardSwish", async () => {
    const g = hardSwishGraph(1 / 6);
    const ops = onnxOps(g.convert());
    expect(ops).toContain("HardSwish");
    expect(ops).not.toContain("Clip");
    expect(ops.filter((op) => op === "Mul")).toHaveLength(0);
    await expectParity(g, feeds, ["y"], 1e-5);
  });

  it("keeps a float16-rounded 1/6 exact with a scale of 6c", async () => {
    const g = hardSwishGraph(0.1666259765625);
    expect(onnxOps(g.convert()).filter((op) => op === "HardSwish" || op === "Mul")).toEqual([
      "HardSwish",
      "Mul",
    ]);
    // Dropping 6c = 0.99976 would be off by 2.4e-4 relative; kernels' rounding stays ~10× below that.
    await expectParity(g, feeds, ["y"], 2e-5);
  });

  it("leaves the graph alone when an inner value has another use, another constant, or fuse is off", async () => {
    const shared = hardSwishGraph(1 / 6, true);
    expect(onnxOps(shared.convert())).not.toContain("HardSwish");
    await expectParity(shared, feeds, ["y", "also"], 1e-5);
    expect(onnxOps(hardSwishGraph(0.2).convert())).not.toContain("HardSwish");
    const off = hardSwishGraph(1 / 6);
    expect(onnxOps(off.convert({ fuse: false }))).toContain("Clip");
    await expectParity(off, feeds, ["y"], 1e-5, { fuse: false });
  });
});
