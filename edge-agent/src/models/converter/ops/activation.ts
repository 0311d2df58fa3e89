import { float } from "../../onnx/onnx-graph.js";
import {
  alignOperands,
  type ConversionContext,
  type OpMapper,
  type OpNode,
  type OpTable,
} from "../context.js";
import { HARD_SWISH } from "../fuse-hard-swish.js";
import type { Layout, Value } from "../values.js";

/** TF unary ops whose ONNX op has the same name and semantics; they keep the input's layout. */
const sameName = [
  "Relu",
  "Sigmoid",
  "Tanh",
  "Elu",
  "Exp",
  "Log",
  "Neg",
  "Abs",
  "Sqrt",
  "Floor",
  "Ceil",
  "Softplus",
];

/** Applies a TF activation by name to ONNX value `x` (already in `layout`). */
export function applyActivation(
  ctx: ConversionContext,
  node: OpNode,
  x: string,
  kind: string,
  layout: Layout,
  extra?: { alpha?: Value; leakyAlpha?: number },
): string {
  if (sameName.includes(kind)) return ctx.op(kind, [x]);
  switch (kind) {
    case "Relu6":
      return ctx.op("Clip", [x, ctx.float("zero", 0), ctx.float("six", 6)], {}, "Relu6");
    case "LeakyRelu":
      return ctx.op("LeakyRelu", [x], { alpha: float(extra?.leakyAlpha ?? 0.2) });
    case "Prelu": {
      const alpha = extra?.alpha;
      if (!alpha) throw node.fail("Prelu needs its alpha input");
      const slope =
        layout === "nchw" && alpha.constant?.shape.length !== 0 ? ctx.nchw(alpha) : ctx.logical(alpha);
      return preluOp(ctx, x, slope);
    }
    case "Rsqrt":
      return ctx.op("Reciprocal", [ctx.op("Sqrt", [x])], {}, "Rsqrt");
    case "Square":
      return ctx.op("Mul", [x, x], {}, "Square");
    case "Reciprocal":
    case "Inv":
      return ctx.op("Reciprocal", [x]);
    default:
      throw node.fail(`activation "${kind}" is not supported`);
  }
}

/**
 * PRelu(x, a) as x·a + Relu(x)·(1 − a). ONNX Runtime's PRelu kernel cannot stay in its blocked NCHWc
 * layout, so every one costs two reorders, and it branches on each element's sign: on a webcam face
 * it took 60 % of the face mesh's time. Mul, Relu and Add are vectorised and the constant 1 − a folds
 * at load, which makes the mesh 2–3× faster. The slopes of these models lie in −0.9…1.4, so the
 * Max(x, a·x) shortcut (valid only for 0 ≤ a ≤ 1) does not apply.
 */
function preluOp(ctx: ConversionContext, x: string, slope: string): string {
  const keep = ctx.op("Sub", [ctx.float("one", 1), slope], {}, "prelu_keep");
  const negative = ctx.op("Mul", [x, slope], {}, "prelu_neg");
  const positive = ctx.op("Mul", [ctx.op("Relu", [x]), keep], {}, "prelu_pos");
  return ctx.op("Add", [positive, negative], {}, "PRelu");
}

const unary: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const layout = x.layout;
  const name = layout === "nchw" ? ctx.nchw(x) : ctx.logical(x);
  const leakyAlpha = node.attrs.float("alpha", 0.2);
  const out = applyActivation(ctx, node, name, node.op, layout, { leakyAlpha });
  return ctx.value(out, x.dtype, x.shape, layout);
};

/** Prelu(x, alpha): alpha broadcasts against x, so it is laid out like a binary op operand. */
const prelu: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const alpha = node.input(1);
  const { layout, names } = alignOperands(ctx, [x, alpha]);
  const out = preluOp(ctx, names[0] as string, names[1] as string);
  return ctx.value(out, x.dtype, x.shape, layout);
};

/** Fused hard-swish (see fuse-hard-swish.ts): HardSwish(x) · 6c, keeping the input's layout. */
const hardSwish: OpMapper = (ctx, node) => {
  const x = node.input(0);
  const c = node.attrs.float("scale");
  let y = ctx.op("HardSwish", [x.layout === "nchw" ? ctx.nchw(x) : ctx.logical(x)], {}, node.name);
  if (Math.fround(6 * c) !== 1) y = ctx.op("Mul", [y, ctx.float("six_c", 6 * c)]);
  return ctx.value(y, x.dtype, x.shape, x.layout);
};

export const activationOps: OpTable = {
  [HARD_SWISH]: hardSwish,
  ...Object.fromEntries(
    [...sameName, "Relu6", "LeakyRelu", "Rsqrt", "Square", "Reciprocal", "Inv"].map((op) => [op, unary]),
  ),
  Prelu: prelu,
};
