import type { ConversionContext, OpNode, OpTable } from "../context.js";
import { requireNhwc, spatialPair, windowPadding } from "../padding.js";
import { transposeHost, type Value } from "../values.js";
import { applyActivation } from "./activation.js";

type Kind = "conv" | "depthwise";

/**
 * Filter in ONNX order. Conv2D [kh, kw, in, out] → [out, in, kh, kw]. Depthwise [kh, kw, in, mult]
 * → [in, mult, kh, kw], which read row-major is already [in·mult, 1, kh, kw]: output channel
 * c·mult + m, exactly TF's depthwise channel order.
 */
function onnxFilter(node: OpNode, kind: Kind) {
  const filter = node.constInput(1, "filter");
  if (filter.dtype !== "float32") throw node.fail("filter must be float32");
  const [kH = 0, kW = 0, inC = 0, last = 0] = filter.shape;
  if (filter.shape.length !== 4) throw node.fail(`filter must be rank 4, got [${filter.shape}]`);
  if (kind === "conv") return { w: transposeHost(filter, [3, 2, 0, 1]), kH, kW, inC, outC: last };
  const t = transposeHost(filter, [2, 3, 0, 1]);
  return { w: { ...t, shape: [inC * last, 1, kH, kW] }, kH, kW, inC, outC: inC * last };
}

/**
 * The fused ops list of _FusedConv2D / FusedDepthwiseConv2dNative: optional BiasAdd (input 2),
 * then at most one activation whose extra argument (Prelu alpha) follows the bias.
 */
function fusedOps(node: OpNode): { bias: boolean; activation?: string } {
  const ops = node.attrs.strings("fused_ops");
  if (ops.length === 0) return { bias: false };
  const [first, ...rest] = ops;
  if (first !== "BiasAdd") throw node.fail(`fused ops [${ops}] are not supported (expected BiasAdd first)`);
  if (rest.length > 1) throw node.fail(`fused ops [${ops}]: more than one activation`);
  return rest[0] === undefined ? { bias: true } : { bias: true, activation: rest[0] };
}

function convolution(ctx: ConversionContext, node: OpNode, kind: Kind): Value {
  requireNhwc(node);
  const x = node.input(0);
  const { w, kH, kW, inC, outC } = onnxFilter(node, kind);
  const [n = -1, inH = -1, inW = -1, xC = -1] = x.shape ?? [];
  const strides = spatialPair(node, "strides", 1);
  const dilations = spatialPair(node, "dilations", 1);
  const pad = windowPadding(node, { inH, inW, kH, kW, strides, dilations });
  // Conv2D with fewer filter input channels than the data has is a grouped convolution.
  const group = kind === "depthwise" ? inC : xC > 0 && xC !== inC ? xC / inC : 1;
  if (!Number.isInteger(group)) throw node.fail(`input channels ${xC} not a multiple of filter's ${inC}`);
  const fused =
    node.op.startsWith("_Fused") || node.op.startsWith("Fused") ? fusedOps(node) : { bias: false };
  const inputs = [ctx.nchw(x), ctx.constant("W", w)];
  if (fused.bias) {
    const bias = node.constInput(2, "bias");
    if (bias.shape.length !== 1 || bias.shape[0] !== outC) throw node.fail(`bias shape [${bias.shape}]`);
    inputs.push(ctx.constant("B", bias));
  }
  let y = ctx.op(
    "Conv",
    inputs,
    { kernel_shape: [kH, kW], strides: [...strides], dilations: [...dilations], group, ...pad.attrs },
    node.name,
  );
  if (fused.activation) {
    const leakyAlpha = node.attrs.float("leakyrelu_alpha", 0.2);
    const alpha = fused.activation === "Prelu" ? node.input(3) : undefined;
    y = applyActivation(
      ctx,
      node,
      y,
      fused.activation,
      "nchw",
      alpha ? { alpha, leakyAlpha } : { leakyAlpha },
    );
  }
  return ctx.value(y, "float32", [n, pad.outH, pad.outW, outC], "nchw");
}

export const convOps: OpTable = {
  Conv2D: (ctx, node) => convolution(ctx, node, "conv"),
  _FusedConv2D: (ctx, node) => convolution(ctx, node, "conv"),
  DepthwiseConv2dNative: (ctx, node) => convolution(ctx, node, "depthwise"),
  FusedDepthwiseConv2dNative: (ctx, node) => convolution(ctx, node, "depthwise"),
};
