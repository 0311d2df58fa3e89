import {
  describeModelInput,
  type ModelInputShape,
  type ModelOutput,
  type ShapedRunner,
  sessionRunner,
} from "@sitewatch/shared-protocol/face-mesh";
import * as ort from "onnxruntime-node";

/** A square image input with its reusable buffer and the tensor wrapping it. */
export interface ModelInput extends ModelInputShape {
  readonly data: Float32Array;
  readonly tensor: ort.Tensor;
}

/**
 * The session's image input (name, side, layout; see describeModelInput) with a buffer and tensor
 * made once, for callers that drive the session themselves (the privacy face-box finder).
 */
export function describeInput(session: ort.InferenceSession): ModelInput {
  const shape = describeModelInput(session.inputMetadata[0]);
  const data = new Float32Array(shape.size * shape.size * 3);
  return { ...shape, data, tensor: new ort.Tensor("float32", data, shape.dims) };
}

/** The shared face-mesh pipeline's view of an onnxruntime-node session. */
export function nodeRunner(session: ort.InferenceSession): ShapedRunner {
  return sessionRunner(session, (data, dims) => new ort.Tensor("float32", data, dims));
}

export function toRaw(value: ort.OnnxValue | undefined): ModelOutput {
  if (!(value instanceof ort.Tensor) || !(value.data instanceof Float32Array)) {
    throw new Error("face model: expected float32 tensor outputs");
  }
  return { dims: value.dims, data: value.data };
}
