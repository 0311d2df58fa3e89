import * as tf from "@tensorflow/tfjs";
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { expect } from "vitest";
import type { TfAttrValue, TfNode, WeightSpec } from "../tfjs/graph-model-json.js";
import { graphModelFromMemory } from "../tfjs/load-graph-model.js";
import { type ConvertedModel, type ConvertOptions, convertGraphModel } from "./convert.js";

/** Attribute builders in the model.json encoding (int64 as strings, strings base64). */
export const attr = {
  i: (v: number): TfAttrValue => ({ i: String(v) }),
  ints: (v: readonly number[]): TfAttrValue => ({ list: { i: v.map(String) } }),
  f: (v: number): TfAttrValue => ({ f: v }),
  b: (v: boolean): TfAttrValue => ({ b: v }),
  s: (v: string): TfAttrValue => ({ s: Buffer.from(v).toString("base64") }),
  strs: (v: readonly string[]): TfAttrValue => ({
    list: { s: v.map((x) => Buffer.from(x).toString("base64")) },
  }),
  type: (v: "DT_FLOAT" | "DT_INT32" | "DT_BOOL"): TfAttrValue => ({ type: v }),
};

type Dtype = "float32" | "int32";

/** Builds a small TF.js graph model (model.json + one weight shard) node by node. */
export class TinyGraph {
  readonly nodes: TfNode[] = [];
  private readonly specs: WeightSpec[] = [];
  private readonly chunks: Buffer[] = [];

  placeholder(name: string, shape: readonly number[], dtype: Dtype = "float32"): string {
    const dim = shape.map((s) => ({ size: String(s) }));
    const type = attr.type(dtype === "float32" ? "DT_FLOAT" : "DT_INT32");
    this.nodes.push({ name, op: "Placeholder", attr: { dtype: type, shape: { shape: { dim } } } });
    return name;
  }

  const(name: string, shape: readonly number[], values: readonly number[], dtype: Dtype = "float32"): string {
    const data = dtype === "float32" ? Float32Array.from(values) : Int32Array.from(values);
    this.specs.push({ name, shape: [...shape], dtype });
    this.chunks.push(Buffer.from(data.buffer));
    const type = attr.type(dtype === "float32" ? "DT_FLOAT" : "DT_INT32");
    this.nodes.push({ name, op: "Const", attr: { dtype: type } });
    return name;
  }

  op(op: string, name: string, inputs: readonly string[], attrs: Record<string, TfAttrValue> = {}): string {
    this.nodes.push({ name, op, input: [...inputs], attr: attrs });
    return name;
  }

  json() {
    // TF.js's loader reads modelTopology.versions, even when empty.
    return {
      modelTopology: { node: this.nodes, versions: {} },
      weightsManifest: [{ paths: ["w.bin"], weights: this.specs }],
    };
  }

  shard(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }

  convert(options: Partial<ConvertOptions> = {}): ConvertedModel {
    const model = graphModelFromMemory(this.json(), new Map([["w.bin", this.shard()]]));
    return convertGraphModel(model, { name: "t", ...options });
  }
}

export interface Feed {
  shape: number[];
  data: number[];
  dtype?: Dtype;
}

export interface Result {
  dims: number[];
  data: number[];
}

/** Runs the converted graph in onnxruntime; outputs are the graph sinks, by name. */
export async function runOnnx(
  model: ConvertedModel,
  feeds: Record<string, Feed>,
): Promise<Record<string, Result>> {
  const session = await ort.InferenceSession.create(model.bytes);
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([k, f]) => [
      k,
      new ort.Tensor(
        f.dtype ?? "float32",
        f.dtype === "int32" ? Int32Array.from(f.data) : Float32Array.from(f.data),
        f.shape,
      ),
    ]),
  );
  const out = await session.run(inputs);
  await session.release();
  return Object.fromEntries(
    Object.entries(out).map(([k, t]) => [
      k,
      { dims: [...t.dims], data: Array.from(t.data as Float32Array, Number) },
    ]),
  );
}

/** Runs the same graph in TF.js (CPU backend): the reference for TF semantics. */
export async function runTfjs(
  g: TinyGraph,
  feeds: Record<string, Feed>,
  outputs: string[],
): Promise<Result[]> {
  await tf.setBackend("cpu");
  const json = g.json();
  const shard = g.shard();
  const weightData = shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer;
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0]?.weights as tf.io.WeightsManifestEntry[],
    weightData,
  });
  const model = await tf.loadGraphModel(handler);
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([k, f]) => [k, tf.tensor(f.data, f.shape, f.dtype ?? "float32")]),
  );
  const res = model.execute(inputs, outputs);
  const list = Array.isArray(res) ? res : [res];
  const results = await Promise.all(
    list.map(async (t) => ({ dims: t.shape, data: Array.from(await t.data(), Number) })),
  );
  tf.dispose([...list, ...Object.values(inputs)]);
  return results;
}

/** Converts, runs both runtimes and checks every listed output agrees within `tol` (relative above 1). */
export async function expectParity(
  g: TinyGraph,
  feeds: Record<string, Feed>,
  outputs: string[],
  tol = 1e-5,
  options: Partial<ConvertOptions> = {},
): Promise<Record<string, Result>> {
  const onnx = await runOnnx(g.convert(options), feeds);
  const ref = await runTfjs(g, feeds, outputs);
  outputs.forEach((name, i) => {
    const got = onnx[name];
    const want = ref[i];
    expect(got, `output ${name}`).toBeDefined();
    expect(got?.dims, `dims of ${name}`).toEqual(want?.dims);
    got?.data.forEach((v, j) => {
      const w = want?.data[j] ?? Number.NaN;
      // Relative beyond 1: float32 results differ in the last bits when summation orders differ.
      expect(Math.abs(v - w), `${name}[${j}] ${v} vs ${w}`).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(w)),
      );
    });
  });
  return onnx;
}

/** ONNX op types of a converted model's nodes, in graph order. */
export const onnxOps = (model: ConvertedModel): string[] =>
  onnxProto.onnx.ModelProto.decode(model.bytes).graph?.node?.map((n) => n.opType ?? "") ?? [];

/** Deterministic test data: a smooth-ish ramp with both signs. */
export const ramp = (n: number, scale = 0.1): number[] =>
  Array.from({ length: n }, (_, i) => Math.round((((i * 7919) % 97) - 48) * scale * 1000) / 1000);
