import type { AttrValue, ElemType, OnnxGraph, TensorData } from "../onnx/onnx-graph.js";
import type { TfNode } from "../tfjs/graph-model-json.js";
import { NodeAttrs } from "../tfjs/node-attrs.js";
import type { HostTensor } from "../tfjs/weights.js";
import { hostToNchw, type Layout, TO_NCHW, TO_NHWC, type Value } from "./values.js";

const hostToTensorData = (t: HostTensor): TensorData =>
  t.dtype === "float32"
    ? { type: "float32", dims: t.shape, data: t.data }
    : t.dtype === "int32"
      ? { type: "int32", dims: t.shape, data: t.data }
      : { type: "bool", dims: t.shape, data: t.data };

/** Conversion state shared by the op mappers: the ONNX graph being built and how to reach values. */
export class ConversionContext {
  constructor(readonly graph: OnnxGraph) {}

  /** Adds one ONNX node with fresh output names (prefixed by `hint`); returns the outputs. */
  emit(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    outputs = 1,
    hint = opType,
  ) {
    const names = Array.from({ length: outputs }, () => this.graph.unique(hint));
    this.graph.node(opType, inputs, names, attrs);
    return names;
  }

  /** Like `emit`, for the common single-output case. */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    hint = opType,
  ): string {
    return this.emit(opType, inputs, attrs, 1, hint)[0] as string;
  }

  constant(hint: string, t: HostTensor): string {
    return this.graph.constant(this.graph.unique(hint), hostToTensorData(t));
  }

  int64(hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.graph.constant(this.graph.unique(hint), { type: "int64", dims, data: values });
  }

  float(hint: string, value: number): string {
    return this.graph.constant(this.graph.unique(hint), {
      type: "float32",
      dims: [],
      data: new Float32Array([value]),
    });
  }

  /** The ONNX name of `v` in TF (logical) layout; writes constants and transposes on first use. */
  logical(v: Value): string {
    if (v.logicalName) return v.logicalName;
    if (v.layout === "logical") {
      if (!v.onnx) {
        if (!v.constant) throw new Error("value has neither an ONNX name nor constant data");
        v.onnx = this.constant("const", v.constant);
      }
      v.logicalName = v.onnx;
    } else {
      v.logicalName = this.op("Transpose", [v.onnx as string], { perm: [...TO_NHWC] }, "to_nhwc");
    }
    return v.logicalName;
  }

  /** The ONNX name of rank-4 `v` with NCHW data. Constants are transposed here, at conversion time. */
  nchw(v: Value): string {
    if (v.nchwName) return v.nchwName;
    if (v.layout === "nchw") v.nchwName = v.onnx as string;
    else if (v.constant) v.nchwName = this.constant("const_nchw", hostToNchw(v.constant));
    else v.nchwName = this.op("Transpose", [this.logical(v)], { perm: [...TO_NCHW] }, "to_nchw");
    return v.nchwName;
  }

  /** A fresh non-constant value produced by an ONNX node. */
  value(
    onnx: string,
    dtype: ElemType,
    shape: number[] | undefined,
    layout: Value["layout"] = "logical",
  ): Value {
    return { onnx, dtype, shape, layout };
  }
}

/** A TF node with its data inputs resolved, as the op mappers see it. */
export class OpNode {
  readonly attrs: NodeAttrs;

  constructor(
    readonly tf: TfNode,
    readonly inputs: readonly Value[],
  ) {
    this.attrs = new NodeAttrs(tf);
  }

  get name(): string {
    return this.tf.name;
  }

  get op(): string {
    return this.tf.op;
  }

  /** An error that names the op and node, so a failing model points at the offending node. */
  fail(message: string): Error {
    return new Error(`${this.op} node "${this.name}": ${message}`);
  }

  input(index: number): Value {
    const v = this.inputs[index];
    if (!v) throw this.fail(`input ${index} is missing`);
    return v;
  }

  /** The data of an input that must be known when converting (axes, shapes, paddings, filters). */
  constInput(index: number, what: string): HostTensor {
    const c = this.input(index).constant;
    if (!c) throw this.fail(`${what} (input ${index}) must be a constant`);
    return c;
  }

  /** A constant integer input as plain numbers. */
  constInts(index: number, what: string): number[] {
    const c = this.constInput(index, what);
    if (c.dtype === "float32") throw this.fail(`${what} (input ${index}) must be integers`);
    return Array.from(c.data, Number);
  }

  /** Rank of input `index`, which the mapping needs to know. */
  rank(index: number): number {
    const s = this.input(index).shape;
    if (!s) throw this.fail(`rank of input ${index} is unknown`);
    return s.length;
  }
}

/** Converts one TF node; returns its outputs in TF output order (`node:0`, `node:1`, ...). */
export type OpMapper = (ctx: ConversionContext, node: OpNode) => Value | Value[];

export type OpTable = Readonly<Record<string, OpMapper>>;

/**
 * Layout for an elementwise op: NCHW when a computed input is already NCHW and every computed
 * input is rank 4 (so all can share one permutation); constants of rank ≤ 4 are re-laid out at
 * conversion time. Anything else falls back to the logical layout.
 */
export function elementwiseLayout(inputs: readonly Value[]): Layout {
  const live = inputs.filter((v) => !v.constant);
  if (!live.some((v) => v.layout === "nchw")) return "logical";
  if (!live.every((v) => v.shape?.length === 4)) return "logical";
  if (!inputs.every((v) => !v.constant || v.constant.shape.length <= 4)) return "logical";
  return "nchw";
}

/** ONNX names of `inputs` in `layout` (scalars broadcast in any layout, so they are left as they are). */
export function operands(ctx: ConversionContext, inputs: readonly Value[], layout: Layout): string[] {
  return inputs.map((v) => {
    if (layout === "logical" || v.constant?.shape.length === 0) return ctx.logical(v);
    return ctx.nchw(v);
  });
}

/** Both of the above: the chosen layout and the operand names. */
export function alignOperands(
  ctx: ConversionContext,
  inputs: readonly Value[],
): { layout: Layout; names: string[] } {
  const layout = elementwiseLayout(inputs);
  return { layout, names: operands(ctx, inputs, layout) };
}
