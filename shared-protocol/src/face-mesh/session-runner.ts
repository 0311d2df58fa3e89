import {
  describeModelInput,
  type InputMetadataLike,
  type ModelOutput,
  type ShapedRunner,
} from "./model-io.js";

/**
 * The part of an onnxruntime `InferenceSession` the pipeline uses. onnxruntime-node and
 * onnxruntime-web sessions both fit it structurally, so this package needs neither at runtime.
 */
export interface InferenceSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly InputMetadataLike[];
  /** Feeds hold the runtime's own tensors, made by the caller's `TensorFactory`. */
  run(
    feeds: Record<string, unknown>,
  ): Promise<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>;
}

/** Wraps a float32 buffer in the runtime's tensor: `(data, dims) => new ort.Tensor("float32", data, dims)`. */
export type TensorFactory = (data: Float32Array, dims: readonly number[]) => unknown;

export interface SessionRunnerOptions {
  /** The input shape when the runtime reports none (older onnxruntime-web builds), e.g. [1, 256, 256, 3]. */
  shape?: readonly number[];
}

/**
 * A `ShapedRunner` over an onnxruntime session of either flavour. The tensor wrapping the pipeline's
 * input buffer is made once and reused, since the pipeline refills the same buffer every frame.
 */
export function sessionRunner(
  session: InferenceSessionLike,
  tensor: TensorFactory,
  opts: SessionRunnerOptions = {},
): ShapedRunner {
  const name = session.inputNames[0] ?? "";
  const meta = opts.shape ? { name, shape: opts.shape } : session.inputMetadata?.[0];
  const input = describeModelInput(meta ?? { name });
  let wrapped: { data: Float32Array; dims: readonly number[]; feed: unknown } | undefined;
  return {
    input,
    async run(data, dims) {
      if (wrapped?.data !== data || wrapped.dims !== dims) wrapped = { data, dims, feed: tensor(data, dims) };
      const result = await session.run({ [input.name]: wrapped.feed });
      return session.outputNames.map((out) => float32Output(result[out], out));
    },
  };
}

function float32Output(
  value: { readonly data: unknown; readonly dims: readonly number[] } | undefined,
  name: string,
): ModelOutput {
  if (!value || !(value.data instanceof Float32Array)) {
    throw new Error(`face model: expected a float32 tensor for output ${name}`);
  }
  return { data: value.data, dims: value.dims };
}
