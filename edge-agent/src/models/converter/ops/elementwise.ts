import type { ElemType } from "../../onnx/onnx-graph.js";
import {
  alignOperands,
  type ConversionContext,
  type OpMapper,
  type OpNode,
  type OpTable,
} from "../context.js";
import { broadcastShapes, type Value } from "../values.js";

/** ONNX TensorProto.DataType numbers for Cast's `to`. */
export const onnxTypeCode: Record<ElemType, number> = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9 };

const isInt = (t: ElemType) => t === "int32" || t === "int64" || t === "uint8";

/** Binary (or n-ary) op: operands share a layout, the result has the broadcast logical shape. */
function elementwise(
  ctx: ConversionContext,
  node: OpNode,
  build: (names: string[], dtype: ElemType) => string,
  outType?: ElemType,
): Value {
  const inputs = node.inputs;
  const first = node.input(0);
  const { layout, names } = alignOperands(ctx, inputs);
  const out = build(names, first.dtype);
  return ctx.value(out, outType ?? first.dtype, broadcastShapes(inputs.map((v) => v.shape)), layout);
}

const simple =
  (onnxOp: string, outType?: ElemType): OpMapper =>
  (ctx, node) =>
    elementwise(ctx, node, (names) => ctx.op(onnxOp, names, {}, node.name), outType);

const floorDiv: OpMapper = (ctx, node) =>
  elementwise(ctx, node, ([a = "", b = ""], dtype) => {
    // Integer Div truncates towards zero; subtracting the floor-mod first makes it exact floor division.
    if (isInt(dtype)) return ctx.op("Div", [ctx.op("Sub", [a, ctx.op("Mod", [a, b], { fmod: 0 })]), b]);
    return ctx.op("Floor", [ctx.op("Div", [a, b])], {}, node.name);
  });

const floorMod: OpMapper = (ctx, node) =>
  elementwise(ctx, node, ([a = "", b = ""], dtype) => {
    // ONNX Mod with fmod=0 takes the divisor's sign (Python/TF FloorMod) but only for integers.
    if (isInt(dtype)) return ctx.op("Mod", [a, b], { fmod: 0 }, node.name);
    return ctx.op("Sub", [a, ctx.op("Mul", [ctx.op("Floor", [ctx.op("Div", [a, b])]), b])], {}, node.name);
  });

const intDivRejected: OpMapper = (ctx, node) => {
  if (isInt(node.input(0).dtype)) throw node.fail("integer division is not supported");
  return simple("Div")(ctx, node);
};

const cast: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const to = node.attrs.dtype("DstT");
  const name = x.layout === "nchw" ? ctx.nchw(x) : ctx.logical(x);
  const out = ctx.op("Cast", [name], { to: onnxTypeCode[to] }, node.name);
  return ctx.value(out, to, x.shape, x.layout);
};

const notEqual: OpMapper = (ctx, node) =>
  elementwise(ctx, node, (names) => ctx.op("Not", [ctx.op("Equal", names)], {}, node.name), "bool");

const squaredDifference: OpMapper = (ctx, node) =>
  elementwise(ctx, node, (names) => {
    const d = ctx.op("Sub", names);
    return ctx.op("Mul", [d, d], {}, node.name);
  });

const logicalNot: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const name = x.layout === "nchw" ? ctx.nchw(x) : ctx.logical(x);
  return ctx.value(ctx.op("Not", [name], {}, node.name), "bool", x.shape, x.layout);
};

const biasAdd: OpMapper = (ctx, node) => {
  if (node.attrs.string("data_format", "NHWC") !== "NHWC") throw node.fail("only NHWC BiasAdd is supported");
  return simple("Add")(ctx, node);
};

export const elementwiseOps: OpTable = {
  Add: simple("Add"),
  AddV2: simple("Add"),
  AddN: simple("Sum"),
  BiasAdd: biasAdd,
  Sub: simple("Sub"),
  Mul: simple("Mul"),
  RealDiv: simple("Div"),
  Div: intDivRejected,
  Maximum: simple("Max"),
  Minimum: simple("Min"),
  Pow: simple("Pow"),
  SquaredDifference: squaredDifference,
  FloorDiv: floorDiv,
  FloorMod: floorMod,
  Equal: simple("Equal", "bool"),
  NotEqual: notEqual,
  Greater: simple("Greater", "bool"),
  GreaterEqual: simple("GreaterOrEqual", "bool"),
  Less: simple("Less", "bool"),
  LessEqual: simple("LessOrEqual", "bool"),
  LogicalAnd: simple("And", "bool"),
  LogicalOr: simple("Or", "bool"),
  LogicalNot: logicalNot,
  Cast: cast,
};
