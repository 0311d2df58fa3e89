import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** Element types the converter and the test graphs use. */
export type ElemType = "float32" | "int32" | "int64" | "bool" | "uint8";

const dataType: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
  uint8: onnx.TensorProto.DataType.UINT8,
};

/** A constant tensor: float32 / int32 / int64 / bool (one byte each) data, row-major, with its dims. */
export type TensorData =
  | { type: "float32"; dims: readonly number[]; data: Float32Array }
  | { type: "int32"; dims: readonly number[]; data: Int32Array }
  | { type: "bool"; dims: readonly number[]; data: Uint8Array }
  | { type: "int64"; dims: readonly number[]; data: BigInt64Array | readonly number[] };

/** Attribute values: numbers are ints unless `float()` wraps them; arrays of numbers are ints. */
export type AttrValue =
  | number
  | string
  | readonly number[]
  | { float: number }
  | { floats: readonly number[] }
  | { tensor: TensorData };

export const float = (value: number): { float: number } => ({ float: value });
export const floats = (values: readonly number[]): { floats: readonly number[] } => ({ floats: values });

/** A dimension: a fixed size or a symbolic name (e.g. "batch"). */
export type Dim = number | string;

function tensorProto(name: string, t: TensorData): onnxProto.onnx.ITensorProto {
  const base = { name, dims: [...t.dims], dataType: dataType[t.type] };
  const bytes = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  if (t.type === "int64") {
    const data = t.data instanceof BigInt64Array ? t.data : BigInt64Array.from(t.data, (v) => BigInt(v));
    return { ...base, rawData: bytes(data) };
  }
  // Raw little-endian bytes: compact, and how every exporter writes large initializers.
  return { ...base, rawData: bytes(t.data) };
}

function valueInfo(name: string, elem: ElemType, shape?: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dataType[elem],
        ...(shape
          ? {
              shape: {
                dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })),
              },
            }
          : {}),
      },
    },
  };
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "number") return { name, type: T.INT, i: value };
  if (typeof value === "string") return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: [...(value as number[])] };
  if ("float" in value) return { name, type: T.FLOAT, f: value.float };
  if ("floats" in value) return { name, type: T.FLOATS, floats: [...value.floats] };
  return { name, type: T.TENSOR, t: tensorProto(name, (value as { tensor: TensorData }).tensor) };
}

/**
 * Builds an ONNX model in memory and serialises it with the ONNX protobuf schema. Names are the
 * caller's; `unique()` hands out fresh ones for intermediate values.
 */
export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly metadata: Record<string, string> = {};
  private counter = 0;

  constructor(
    readonly name: string,
    readonly opset = 17,
  ) {}

  /** A fresh value name with `prefix`. */
  unique(prefix: string): string {
    this.counter += 1;
    return `${prefix}__${this.counter}`;
  }

  /** A graph input; without `shape` its rank is unknown too. */
  input(name: string, elem: ElemType, shape?: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, elem, shape));
    return name;
  }

  output(name: string, elem: ElemType, shape?: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, elem, shape));
    return name;
  }

  /** Adds a constant tensor and returns its name. */
  constant(name: string, tensor: TensorData): string {
    this.initializers.push(tensorProto(name, tensor));
    return name;
  }

  /** Adds a node; returns its first output name for chaining. */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    name?: string,
  ): string {
    this.nodes.push({
      opType,
      input: [...inputs],
      output: [...outputs],
      name: name ?? this.unique(opType),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    const [first] = outputs;
    if (first === undefined) throw new Error(`${opType} node needs at least one output`);
    return first;
  }

  /** Key/value strings stored in the model (e.g. source package, labels). */
  meta(key: string, value: string): void {
    this.metadata[key] = value;
  }

  toBytes(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "sitewatch-converter",
      opsetImport: [{ domain: "", version: this.opset }],
      metadataProps: Object.entries(this.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
