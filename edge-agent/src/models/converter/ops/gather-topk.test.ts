import { describe, expect, it } from "vitest";
import { attr, expectParity, ramp, TinyGraph } from "../tiny-graph.test-support.js";

interface SliceCase {
  begin: number[];
  end: number[];
  strides: number[];
  masks?: Partial<
    Record<"begin_mask" | "end_mask" | "ellipsis_mask" | "new_axis_mask" | "shrink_axis_mask", number>
  >;
}

/** Slices of a [2, 5, 4] tensor covering every mask and negative indices / strides. */
const cases: Record<string, SliceCase> = {
  centernet: { begin: [0, 0, 1], end: [0, 0, 2], strides: [1, 1, 1], masks: { begin_mask: 3, end_mask: 3 } },
  shrink: { begin: [1, -1], end: [2, 0], strides: [1, 1], masks: { shrink_axis_mask: 3 } },
  negative: { begin: [0, -1, 3], end: [2, -6, 0], strides: [1, -2, -1], masks: { end_mask: 4 } },
  reverse: { begin: [0, 0, 0], end: [0, 0, 0], strides: [1, -1, 1], masks: { begin_mask: 7, end_mask: 7 } },
  ellipsis: { begin: [0, 1], end: [0, 3], strides: [1, 1], masks: { ellipsis_mask: 1 } },
  newAxis: { begin: [0, 0, 1], end: [1, 0, 4], strides: [1, 1, 2], masks: { new_axis_mask: 2 } },
  mixed: {
    begin: [1, 0, 0, -1],
    end: [2, 0, 0, 0],
    strides: [1, 1, 1, 1],
    masks: { shrink_axis_mask: 9, new_axis_mask: 4, ellipsis_mask: 2 },
  },
  clamp: { begin: [-9, 2], end: [9, 99], strides: [1, 2] },
};

const x = { shape: [2, 5, 4], data: ramp(40, 1) };

describe("slicing, gathering and top-k op mappers", () => {
  it("StridedSlice matches TF for every mask, negative index and stride", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [2, 5, 4]);
    for (const [name, c] of Object.entries(cases)) {
      g.const(`${name}_b`, [c.begin.length], c.begin, "int32");
      g.const(`${name}_e`, [c.end.length], c.end, "int32");
      g.const(`${name}_s`, [c.strides.length], c.strides, "int32");
      const masks = Object.fromEntries(Object.entries(c.masks ?? {}).map(([k, v]) => [k, attr.i(v)]));
      g.op("StridedSlice", name, ["x", `${name}_b`, `${name}_e`, `${name}_s`], masks);
    }
    const out = await expectParity(g, { x }, Object.keys(cases), 0);
    expect(out.centernet?.dims).toEqual([2, 5, 1]);
    expect(out.newAxis?.dims).toEqual([1, 1, 2, 4]);
  });

  it("Slice with size -1", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [2, 5, 4]);
    g.const("begin", [3], [1, 1, 0], "int32");
    g.const("size", [3], [-1, 3, 2], "int32");
    g.op("Slice", "y", ["x", "begin", "size"]);
    await expectParity(g, { x }, ["y"], 0);
  });

  it("GatherV2 on axis 0 and 1 with int32 indices", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [2, 5, 4]);
    g.placeholder("idx", [3], "int32");
    g.const("axis0", [], [0], "int32");
    g.const("axis1", [], [1], "int32");
    g.const("rows", [2, 2], [1, 0, 0, 1], "int32");
    g.op("GatherV2", "g0", ["x", "rows", "axis0"], { batch_dims: attr.i(0) });
    g.op("GatherV2", "g1", ["x", "idx", "axis1"], { batch_dims: attr.i(0) });
    const feeds = { x, idx: { shape: [3], data: [4, 0, 2], dtype: "int32" as const } };
    const out = await expectParity(g, feeds, ["g0", "g1"], 0);
    expect(out.g0?.dims).toEqual([2, 2, 5, 4]);
  });

  it("TopKV2 gives sorted values and int32 indices, as TF (hand-checked numbers)", async () => {
    const g = new TinyGraph();
    g.placeholder("x", [1, 6]);
    g.const("k", [], [3], "int32");
    g.op("TopKV2", "top", ["x", "k"], { sorted: attr.b(true) });
    g.op("Identity", "values", ["top"]);
    g.op("Identity", "indices", ["top:1"]);
    g.const("two", [], [2], "int32");
    g.op("FloorMod", "mod", ["indices", "two"]);
    const feeds = { x: { shape: [1, 6], data: [0.1, 0.9, -1, 0.5, 0.7, 0.2] } };
    const out = await expectParity(g, feeds, ["values", "mod"], 1e-7);
    expect(out.values?.data.map((v) => Math.round(v * 10) / 10)).toEqual([0.9, 0.7, 0.5]);
    expect(out.mod?.data).toEqual([1, 0, 1]);
  });

  it("rejects batched gathers and non-constant slice bounds, naming the node", () => {
    const g = new TinyGraph();
    g.placeholder("x", [2, 5, 4]);
    g.placeholder("b", [3], "int32");
    g.const("e", [3], [1, 1, 1], "int32");
    g.op("StridedSlice", "dyn_slice", ["x", "b", "e", "e"]);
    expect(() => g.convert()).toThrow(/StridedSlice node "dyn_slice": begin \(input 1\) must be a constant/);
    const h = new TinyGraph();
    h.placeholder("x", [2, 5, 4]);
    h.const("i", [1], [0], "int32");
    h.const("axis", [], [1], "int32");
    h.op("GatherV2", "batched", ["x", "i", "axis"], { batch_dims: attr.i(1) });
    expect(() => h.convert()).toThrow(/GatherV2 node "batched": batch_dims/);
  });
});
