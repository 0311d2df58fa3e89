import * as ort from "onnxruntime-node";
import type { RawOutput } from "./blazeface-decode.js";

/** A square image input with its reusable buffer and the tensor wrapping it. */
export interface ModelInput {
  readonly name: string;
  readonly size: number;
  readonly layout: "nhwc" | "nchw";
  readonly data: Float32Array;
  readonly tensor: ort.Tensor;
}

/**
 * Reads the image input's name, side and layout from the session, so the code works whether the
 * converter kept TF's NHWC or transposed to NCHW. A dynamic batch dimension is pinned to 1.
 */
export function describeInput(session: ort.InferenceSession): ModelInput {
  const meta = session.inputMetadata[0];
  if (!meta?.isTensor) throw new Error("face model: expected one tensor input");
  const dims = meta.shape.map((d) => (typeof d === "number" && d > 0 ? d : 1));
  if (dims.length !== 4)
    throw new Error(`face model: expected a 4-D image input, got [${meta.shape.join(",")}]`);
  const layout = dims[1] === 3 ? "nchw" : "nhwc";
  const size = (layout === "nchw" ? dims[2] : dims[1]) ?? 0;
  const side = layout === "nchw" ? dims[3] : dims[2];
  if (size <= 1 || side !== size) throw new Error(`face model: expected a square image input, got [${dims}]`);
  const shape = layout === "nchw" ? [1, 3, size, size] : [1, size, size, 3];
  const data = new Float32Array(size * size * 3);
  return { name: meta.name, size, layout, data, tensor: new ort.Tensor("float32", data, shape) };
}

export function toRaw(value: ort.OnnxValue | undefined): RawOutput {
  if (!(value instanceof ort.Tensor) || !(value.data instanceof Float32Array)) {
    throw new Error("face model: expected float32 tensor outputs");
  }
  return { dims: value.dims, data: value.data };
}

/** Outputs are found by their last dimension (names differ between converters). */
export function findOutput(outputs: readonly RawOutput[], lastDim: number, what: string): RawOutput {
  const found = outputs.find((o) => o.dims.at(-1) === lastDim);
  if (!found) throw new Error(`${what}: no output with last dimension ${lastDim}`);
  return found;
}
