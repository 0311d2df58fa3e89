import type { AttrValue } from "../../onnx/onnx-graph.js";
import type { ConversionContext, OpNode, OpTable } from "../context.js";
import type { Value } from "../values.js";

/**
 * TF's resize flags → ONNX coordinate transformation:
 * align_corners ↔ align_corners; half_pixel_centers ↔ half_pixel for bilinear (both clamp the
 * source coordinate at the edges) and tf_half_pixel_for_nn with floor for nearest; neither ↔
 * asymmetric (source = dst / scale), which is what legacy TF graphs such as centernet use.
 */
function resizeAttrs(node: OpNode, mode: "linear" | "nearest"): Record<string, AttrValue> {
  const alignCorners = node.attrs.bool("align_corners");
  const halfPixel = node.attrs.bool("half_pixel_centers");
  if (alignCorners && halfPixel) throw node.fail("align_corners with half_pixel_centers is not valid in TF");
  if (mode === "linear") {
    const ct = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
    return { mode, coordinate_transformation_mode: ct };
  }
  if (alignCorners) {
    return { mode, coordinate_transformation_mode: "align_corners", nearest_mode: "round_prefer_ceil" };
  }
  const ct = halfPixel ? "tf_half_pixel_for_nn" : "asymmetric";
  return { mode, coordinate_transformation_mode: ct, nearest_mode: "floor" };
}

function resize(ctx: ConversionContext, node: OpNode, mode: "linear" | "nearest"): Value {
  const x = node.input(0);
  const size = node.constInts(1, "size");
  if (size.length !== 2) throw node.fail("size must hold [height, width]");
  const [h = 0, w = 0] = size;
  const [n = -1, , , c = -1] = x.shape ?? [];
  const data = ctx.nchw(x);
  // Resize wants the full NCHW output size; batch/channels come from the data when not static.
  const sizes =
    n >= 0 && c >= 0
      ? ctx.int64("sizes", [n, c, h, w])
      : ctx.op("Concat", [ctx.op("Shape", [data], { start: 0, end: 2 }), ctx.int64("hw", [h, w])], {
          axis: 0,
        });
  const out = ctx.op("Resize", [data, "", "", sizes], resizeAttrs(node, mode), node.name);
  return ctx.value(out, x.dtype, [n, h, w, c], "nchw");
}

export const resizeOps: OpTable = {
  ResizeBilinear: (ctx, node) => resize(ctx, node, "linear"),
  ResizeNearestNeighbor: (ctx, node) => resize(ctx, node, "nearest"),
};
