/** A model output: row-major data plus its dims (batch of one). */
export interface ModelOutput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * One inference on whatever runtime the caller has (onnxruntime-node in the agent and the hub's
 * workers, onnxruntime-web in the browser): a float32 input of `dims` in, every output in the
 * model's output order. The pipeline reuses `input` between calls, so a runner may keep a tensor
 * wrapping it.
 */
export interface ModelRunner {
  run(input: Float32Array, dims: readonly number[]): Promise<ModelOutput[]>;
}

/** The square image input of a face model. `dims` is what `run` is called with (batch pinned to 1). */
export interface ModelInputShape {
  readonly name: string;
  readonly size: number;
  readonly layout: "nhwc" | "nchw";
  readonly dims: readonly number[];
}

/** A runner that also says what image it wants. */
export interface ShapedRunner extends ModelRunner {
  readonly input: ModelInputShape;
}

export interface FaceMeshModels {
  detector: ShapedRunner;
  mesh: ShapedRunner;
}

/** What onnxruntime (node and web alike) reports per input in `session.inputMetadata`. */
export interface InputMetadataLike {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly shape?: readonly (number | string | null | undefined)[];
}

/**
 * The image input's name, side and layout from the session's metadata, so the code works whether
 * the converter kept TF's NHWC or transposed to NCHW. A dynamic (named) dimension is read as 1,
 * which pins a dynamic batch to one frame.
 */
export function describeModelInput(meta: InputMetadataLike | undefined): ModelInputShape {
  if (!meta || meta.isTensor === false || !meta.shape) {
    throw new Error("face model: expected one tensor input with a known shape");
  }
  const dims = meta.shape.map((d) => (typeof d === "number" && d > 0 ? d : 1));
  if (dims.length !== 4) {
    throw new Error(`face model: expected a 4-D image input, got [${meta.shape.join(",")}]`);
  }
  const layout = dims[1] === 3 ? "nchw" : "nhwc";
  const size = (layout === "nchw" ? dims[2] : dims[1]) ?? 0;
  const side = layout === "nchw" ? dims[3] : dims[2];
  if (size <= 1 || side !== size) throw new Error(`face model: expected a square image input, got [${dims}]`);
  return {
    name: meta.name,
    size,
    layout,
    dims: layout === "nchw" ? [1, 3, size, size] : [1, size, size, 3],
  };
}

/** Outputs are found by their last dimension (names differ between converters). */
export function findOutput(outputs: readonly ModelOutput[], lastDim: number, what: string): ModelOutput {
  const found = outputs.find((o) => o.dims.at(-1) === lastDim);
  if (!found) throw new Error(`${what}: no output with last dimension ${lastDim}`);
  return found;
}
