import type { ConversionContext, OpMapper, OpNode, OpTable } from "../context.js";
import { NHWC_TO_NCHW_AXIS, normAxis, type Value } from "../values.js";
import { onnxTypeCode } from "./elementwise.js";

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

const reshape: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const target = node.input(1);
  let outShape: number[] | undefined;
  let shapeName: string;
  if (target.constant) {
    outShape = Array.from(target.constant.data, Number);
    shapeName = ctx.int64("shape", outShape);
    const known = x.shape && !x.shape.includes(-1) ? product(x.shape) : undefined;
    const rest = product(outShape.filter((d) => d !== -1));
    if (known !== undefined && rest > 0) outShape = outShape.map((d) => (d === -1 ? known / rest : d));
  } else {
    shapeName = ctx.op("Cast", [ctx.logical(target)], { to: onnxTypeCode.int64 });
    const len = target.shape?.[0];
    outShape = len !== undefined && len >= 0 ? new Array<number>(len).fill(-1) : undefined;
  }
  // TF's 0 is a zero-sized dim; ONNX's default 0 copies the input dim.
  const allowzero = outShape?.includes(0) ? 1 : 0;
  const out = ctx.op("Reshape", [ctx.logical(x), shapeName], allowzero ? { allowzero } : {}, node.name);
  return ctx.value(out, x.dtype, outShape);
};

const expandDims: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const [dim = 0] = node.constInts(1, "dim");
  const rank = node.rank(0);
  const axis = normAxis(dim, rank + 1);
  const out = ctx.op("Unsqueeze", [ctx.logical(x), ctx.int64("axes", [axis])], {}, node.name);
  const shape = [...(x.shape ?? [])];
  shape.splice(axis, 0, 1);
  return ctx.value(out, x.dtype, shape);
};

const squeeze: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const rank = node.rank(0);
  const shape = x.shape ?? [];
  let axes = node.attrs.ints("squeeze_dims", []).map((a) => normAxis(a, rank));
  if (axes.length === 0) {
    if (shape.includes(-1)) throw node.fail("squeezing all size-1 dims needs a static shape");
    axes = shape.flatMap((d, i) => (d === 1 ? [i] : []));
  }
  const out = ctx.op("Squeeze", [ctx.logical(x), ctx.int64("axes", axes)], {}, node.name);
  return ctx.value(
    out,
    x.dtype,
    shape.filter((_, i) => !axes.includes(i)),
  );
};

const concat: OpMapper = (ctx, node) => {
  const parts = node.inputs.slice(0, -1);
  const first = node.input(0);
  const rank = node.rank(0);
  const [rawAxis = 0] = node.constInts(node.inputs.length - 1, "axis");
  const axis = normAxis(rawAxis, rank);
  // Stay in NCHW when any part is already there and all parts are rank 4.
  const nchw =
    rank === 4 && parts.some((v) => v.layout === "nchw") && parts.every((v) => v.shape?.length === 4);
  const names = parts.map((v) => (nchw ? ctx.nchw(v) : ctx.logical(v)));
  const onnxAxis = nchw ? (NHWC_TO_NCHW_AXIS[axis] ?? axis) : axis;
  const out = ctx.op("Concat", names, { axis: onnxAxis }, node.name);
  const shape = [...(first.shape ?? [])];
  const sizes = parts.map((v) => v.shape?.[axis] ?? -1);
  shape[axis] = sizes.includes(-1) ? -1 : sizes.reduce((a, b) => a + b, 0);
  return ctx.value(out, first.dtype, shape, nchw ? "nchw" : "logical");
};

/** Pad / PadV2: paddings [rank, 2] → ONNX [begin..., end...], renumbered for NCHW data. */
const pad: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const rank = node.rank(0);
  const p = node.constInts(1, "paddings");
  if (p.length !== rank * 2) throw node.fail(`paddings must be [${rank}, 2]`);
  const nchw = x.layout === "nchw";
  const order = nchw ? [0, 3, 1, 2] : [...Array(rank).keys()];
  const begins = order.map((a) => p[2 * a] ?? 0);
  const ends = order.map((a) => p[2 * a + 1] ?? 0);
  const inputs = [nchw ? ctx.nchw(x) : ctx.logical(x), ctx.int64("pads", [...begins, ...ends])];
  if (node.op === "PadV2") inputs.push(ctx.logical(node.input(2)));
  const out = ctx.op("Pad", inputs, { mode: "constant" }, node.name);
  const shape = (x.shape ?? []).map((d, i) => (d < 0 ? d : d + (p[2 * i] ?? 0) + (p[2 * i + 1] ?? 0)));
  return ctx.value(out, x.dtype, shape, x.layout);
};

const transpose: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const perm = node.constInts(1, "perm");
  const out = ctx.op("Transpose", [ctx.logical(x)], { perm }, node.name);
  return ctx.value(out, x.dtype, x.shape && perm.map((p) => x.shape?.[p] ?? -1));
};

const pack: OpMapper = (ctx, node) => {
  const first = node.input(0);
  const rank = node.rank(0);
  const axis = normAxis(node.attrs.int("axis", 0), rank + 1);
  const axes = ctx.int64("axes", [axis]);
  const parts = node.inputs.map((v) => ctx.op("Unsqueeze", [ctx.logical(v), axes]));
  const out = ctx.op("Concat", parts, { axis }, node.name);
  const shape = [...(first.shape ?? [])];
  shape.splice(axis, 0, node.inputs.length);
  return ctx.value(out, first.dtype, shape);
};

const shapeOf: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const to = node.attrs.dtype("out_type", "int32");
  const out = ctx.op("Cast", [ctx.op("Shape", [ctx.logical(x)])], { to: onnxTypeCode[to] }, node.name);
  return ctx.value(out, to, [node.rank(0)]);
};

const identity = (_ctx: ConversionContext, node: OpNode): Value => node.input(0);

export const shapeOps: OpTable = {
  Reshape: reshape,
  ExpandDims: expandDims,
  Squeeze: squeeze,
  ConcatV2: concat,
  Pad: pad,
  PadV2: pad,
  Transpose: transpose,
  Pack: pack,
  Shape: shapeOf,
  Identity: identity,
  StopGradient: identity,
  Snapshot: identity,
};
