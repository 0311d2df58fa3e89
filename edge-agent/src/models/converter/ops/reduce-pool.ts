import type { ConversionContext, OpMapper, OpNode, OpTable } from "../context.js";
import { requireNhwc, spatialPair, windowPadding } from "../padding.js";
import { NHWC_TO_NCHW_AXIS, normAxis, type Value } from "../values.js";

/**
 * Reductions. On NCHW data the axes are renumbered; without keep_dims the NCHW result is only the
 * logical one when the surviving axes keep their relative order, otherwise the input goes back to
 * the logical layout first.
 */
function reduce(ctx: ConversionContext, node: OpNode, onnxOp: string): Value {
  const x = node.input(0);
  const rank = node.rank(0);
  const axes = [...new Set(node.constInts(1, "reduction axes").map((a) => normAxis(a, rank)))].sort(
    (a, b) => a - b,
  );
  // TF reduces nothing for an empty axis list, ONNX reduces everything: keep TF's meaning.
  if (axes.length === 0) return x;
  const keep = node.attrs.bool("keep_dims");
  const shape = x.shape ?? [];
  const outShape = keep
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
  const survivors = [0, 1, 2, 3].filter((a) => !axes.includes(a)).map((a) => NHWC_TO_NCHW_AXIS[a] ?? a);
  const nchwOk =
    x.layout === "nchw" && (keep || survivors.every((a, i) => i === 0 || a > (survivors[i - 1] ?? 0)));
  const data = nchwOk ? ctx.nchw(x) : ctx.logical(x);
  const onnxAxes = nchwOk ? axes.map((a) => NHWC_TO_NCHW_AXIS[a] ?? a) : axes;
  const keepdims = keep ? 1 : 0;
  // ReduceSum takes axes as an input from opset 13; the others still take an attribute in opset 17.
  const out =
    onnxOp === "ReduceSum"
      ? ctx.op(onnxOp, [data, ctx.int64("axes", onnxAxes)], { keepdims }, node.name)
      : ctx.op(onnxOp, [data], { axes: onnxAxes, keepdims }, node.name);
  return ctx.value(out, x.dtype, outShape, nchwOk && keep ? "nchw" : "logical");
}

function pool(ctx: ConversionContext, node: OpNode, onnxOp: "MaxPool" | "AveragePool"): Value {
  requireNhwc(node);
  const x = node.input(0);
  const [n = -1, inH = -1, inW = -1, c = -1] = x.shape ?? [];
  const [kH, kW] = spatialPair(node, "ksize", 1);
  const strides = spatialPair(node, "strides", 1);
  const pad = windowPadding(node, { inH, inW, kH, kW, strides, dilations: [1, 1] });
  // TF averages over the window's valid pixels only, and max pooling never sees the padding.
  const extra: Record<string, number> = onnxOp === "AveragePool" ? { count_include_pad: 0 } : {};
  const y = ctx.op(
    onnxOp,
    [ctx.nchw(x)],
    { kernel_shape: [kH, kW], strides: [...strides], ...pad.attrs, ...extra },
    node.name,
  );
  return ctx.value(y, x.dtype, [n, pad.outH, pad.outW, c], "nchw");
}

const reducer =
  (onnxOp: string): OpMapper =>
  (ctx, node) =>
    reduce(ctx, node, onnxOp);

export const reducePoolOps: OpTable = {
  Mean: reducer("ReduceMean"),
  Sum: reducer("ReduceSum"),
  Max: reducer("ReduceMax"),
  Min: reducer("ReduceMin"),
  Prod: reducer("ReduceProd"),
  MaxPool: (ctx, node) => pool(ctx, node, "MaxPool"),
  AvgPool: (ctx, node) => pool(ctx, node, "AveragePool"),
};
