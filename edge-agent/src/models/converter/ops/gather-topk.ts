import type { OpMapper, OpTable } from "../context.js";
import { normAxis } from "../values.js";
import { onnxTypeCode } from "./elementwise.js";
import { stridedSlice } from "./strided-slice.js";

const gather: OpMapper = (ctx, node) => {
  const params = node.input(0);
  const indices = node.input(1);
  const rank = node.rank(0);
  const [rawAxis = 0] = node.op === "GatherV2" ? node.constInts(2, "axis") : [0];
  const axis = normAxis(rawAxis, rank);
  if (node.attrs.int("batch_dims", 0) !== 0) throw node.fail("batch_dims other than 0 is not supported");
  const out = ctx.op("Gather", [ctx.logical(params), ctx.logical(indices)], { axis }, node.name);
  const p = params.shape ?? [];
  const shape = indices.shape ? [...p.slice(0, axis), ...indices.shape, ...p.slice(axis + 1)] : undefined;
  return ctx.value(out, params.dtype, shape);
};

/** TopKV2 along the last axis; ONNX returns int64 indices where TF returns int32. */
const topK: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const [k = 1] = node.constInts(1, "k");
  const sorted = node.attrs.bool("sorted", true) ? 1 : 0;
  const [values = "", indices = ""] = ctx.emit(
    "TopK",
    [ctx.logical(x), ctx.int64("k", [k])],
    { axis: -1, largest: 1, sorted },
    2,
    node.name,
  );
  const shape = x.shape ? [...x.shape.slice(0, -1), k] : undefined;
  const idx32 = ctx.op("Cast", [indices], { to: onnxTypeCode.int32 });
  return [ctx.value(values, x.dtype, shape), ctx.value(idx32, "int32", shape)];
};

/** TF Slice(x, begin, size) with constant begin/size; size -1 runs to the end of the dim. */
const slice: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const begin = node.constInts(1, "begin");
  const size = node.constInts(2, "size");
  const ends = size.map((s, i) => (s === -1 ? 2 ** 31 - 1 : (begin[i] ?? 0) + s));
  const axes = begin.map((_, i) => i);
  const out = ctx.op(
    "Slice",
    [ctx.logical(x), ctx.int64("starts", begin), ctx.int64("ends", ends), ctx.int64("axes", axes)],
    {},
    node.name,
  );
  const shape = x.shape?.map((d, i) => {
    const s = size[i] ?? -1;
    return s !== -1 ? s : d < 0 ? -1 : d - (begin[i] ?? 0);
  });
  return ctx.value(out, x.dtype, shape);
};

export const gatherTopKOps: OpTable = {
  GatherV2: gather,
  Gather: gather,
  TopKV2: topK,
  Slice: slice,
  StridedSlice: stridedSlice,
};
