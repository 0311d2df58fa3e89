import type { OpNode } from "./context.js";

/** ONNX spatial padding for a conv/pool window plus the resulting output size (-1 if unknown). */
export interface WindowPadding {
  /** Explicit ONNX pads [top, left, bottom, right], or auto_pad when the input size is unknown. */
  attrs: { pads: number[] } | { auto_pad: string };
  outH: number;
  outW: number;
}

export interface Window {
  inH: number;
  inW: number;
  kH: number;
  kW: number;
  strides: readonly [number, number];
  dilations: readonly [number, number];
}

/**
 * TF "SAME" output size is ceil(in / stride) and the total padding is split with the extra pixel at
 * the end (bottom/right). With static sizes the pads are written out explicitly (asymmetric where
 * needed); with unknown sizes ONNX's SAME_UPPER implements the same rule.
 */
function samePads(inSize: number, k: number, stride: number, dilation: number): [number, number, number] {
  const effK = (k - 1) * dilation + 1;
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effK - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before, out];
}

const validOut = (inSize: number, k: number, stride: number, dilation: number, pads: number) =>
  inSize < 0 ? -1 : Math.floor((inSize + pads - ((k - 1) * dilation + 1)) / stride) + 1;

/** Padding for the node's `padding` attribute (SAME / VALID / EXPLICIT with explicit_paddings). */
export function windowPadding(node: OpNode, w: Window): WindowPadding {
  const padding = node.attrs.string("padding");
  const [sH, sW] = w.strides;
  const [dH, dW] = w.dilations;
  if (padding === "SAME") {
    if (w.inH < 0 || w.inW < 0) {
      return {
        attrs: { auto_pad: "SAME_UPPER" },
        outH: w.inH < 0 ? -1 : Math.ceil(w.inH / sH),
        outW: w.inW < 0 ? -1 : Math.ceil(w.inW / sW),
      };
    }
    const [top, bottom, outH] = samePads(w.inH, w.kH, sH, dH);
    const [left, right, outW] = samePads(w.inW, w.kW, sW, dW);
    return { attrs: { pads: [top, left, bottom, right] }, outH, outW };
  }
  if (padding === "VALID") {
    return {
      attrs: { pads: [0, 0, 0, 0] },
      outH: validOut(w.inH, w.kH, sH, dH, 0),
      outW: validOut(w.inW, w.kW, sW, dW, 0),
    };
  }
  if (padding === "EXPLICIT") {
    // explicit_paddings is [before, after] per NHWC dimension.
    const e = node.attrs.ints("explicit_paddings");
    if (e.length !== 8) throw node.fail(`explicit_paddings must have 8 values, got ${e.length}`);
    const [, , top = 0, bottom = 0, left = 0, right = 0] = e;
    if (e[0] || e[1] || e[6] || e[7]) throw node.fail("explicit padding of batch or channel dims");
    return {
      attrs: { pads: [top, left, bottom, right] },
      outH: validOut(w.inH, w.kH, sH, dH, top + bottom),
      outW: validOut(w.inW, w.kW, sW, dW, left + right),
    };
  }
  throw node.fail(`padding "${padding}" is not supported`);
}

/** [h, w] from a 4-value NHWC attribute (strides, ksize, dilations), rejecting batch/channel steps. */
export function spatialPair(node: OpNode, name: string, fallback: number): [number, number] {
  const v = node.attrs.ints(name, [1, fallback, fallback, 1]);
  if (v.length !== 4) throw node.fail(`${name} must have 4 values`);
  if (v[0] !== 1 || v[3] !== 1) throw node.fail(`${name} ${v} steps over batch or channels`);
  return [v[1] ?? fallback, v[2] ?? fallback];
}

/** Only NHWC graphs are converted (TF.js graph models are NHWC); say so instead of computing garbage. */
export function requireNhwc(node: OpNode): void {
  const format = node.attrs.string("data_format", "NHWC");
  if (format !== "NHWC") throw node.fail(`data_format ${format} is not supported`);
}
