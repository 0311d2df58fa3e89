import { type Dim, type ElemType, OnnxGraph } from "../onnx/onnx-graph.js";
import { type GraphModelJson, parseTensorRef, type TfNode } from "../tfjs/graph-model-json.js";
import type { LoadedGraphModel } from "../tfjs/load-graph-model.js";
import { NodeAttrs } from "../tfjs/node-attrs.js";
import { ConversionContext, OpNode, type OpTable } from "./context.js";
import { fuseHardSwish } from "./fuse-hard-swish.js";
import { graphOutputs, orderedNodes } from "./graph-order.js";
import { activationOps } from "./ops/activation.js";
import { convOps } from "./ops/conv.js";
import { elementwiseOps } from "./ops/elementwise.js";
import { gatherTopKOps } from "./ops/gather-topk.js";
import { reducePoolOps } from "./ops/reduce-pool.js";
import { resizeOps } from "./ops/resize.js";
import { shapeOps } from "./ops/shape.js";
import type { Value } from "./values.js";

/** Every TF op the converter maps (Const and Placeholder are handled by the converter itself). */
export const opTable: OpTable = {
  ...activationOps,
  ...convOps,
  ...elementwiseOps,
  ...gatherTopKOps,
  ...reducePoolOps,
  ...resizeOps,
  ...shapeOps,
};

export const supportedOps = (): string[] => ["Const", "Placeholder", ...Object.keys(opTable)].sort();

/** Bumped whenever converter output may change, so cached models are rebuilt. */
export const CONVERTER_VERSION = "1.2.0";

export interface TensorInfo {
  /** ONNX name. */
  name: string;
  /** TF tensor it comes from. */
  tfName: string;
  dtype: ElemType;
  /** Sizes; symbolic names ("batch", ...) for sizes unknown until run time; undefined if even the rank is. */
  shape: Dim[] | undefined;
}

export interface ConvertOptions {
  /** ONNX graph name. */
  name: string;
  /** Renames: TF placeholder / output name → ONNX name. */
  inputNames?: Readonly<Record<string, string>>;
  outputNames?: Readonly<Record<string, string>>;
  /** Key/value strings stored in the ONNX model. */
  metadata?: Readonly<Record<string, string>>;
  /** Fuse hard-swish / hard-sigmoid subgraphs into single ONNX ops (default true). */
  fuse?: boolean;
}

export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** How often each TF op occurred in the converted part of the graph. */
  opCounts: Record<string, number>;
}

const dims = (shape: number[] | undefined, name: string): Dim[] | undefined =>
  shape?.map((d, i) => (d >= 0 ? d : i === 0 ? "batch" : `${name}_dim${i}`));

/** Lists every unsupported op at once (with the first node using it) before converting anything. */
function checkSupported(nodes: readonly TfNode[]): void {
  const missing = new Map<string, string>();
  for (const n of nodes) {
    if (n.op !== "Const" && n.op !== "Placeholder" && !opTable[n.op] && !missing.has(n.op))
      missing.set(n.op, n.name);
  }
  if (missing.size === 0) return;
  const list = [...missing].map(([op, node]) => `${op} (node "${node}")`).join(", ");
  throw new Error(`unsupported TF op${missing.size > 1 ? "s" : ""}: ${list}`);
}

/** The graph with MobileNetV3's hard-swish subgraphs fused (see fuse-hard-swish.ts). */
const fused = (model: LoadedGraphModel): GraphModelJson => ({
  ...model.json,
  modelTopology: { ...model.json.modelTopology, node: fuseHardSwish(model.json, model.weights) },
});

/** Declares a Placeholder as a graph input (renamed if asked) and returns it with its value. */
function addInput(graph: OnnxGraph, tf: TfNode, options: ConvertOptions): { info: TensorInfo; value: Value } {
  const attrs = new NodeAttrs(tf);
  const name = options.inputNames?.[tf.name] ?? tf.name;
  const shape = attrs.shape("shape");
  const info = { name, tfName: tf.name, dtype: attrs.dtype("dtype"), shape: dims(shape, name) };
  graph.input(name, info.dtype, info.shape);
  return { info, value: { onnx: name, dtype: info.dtype, shape, layout: "logical" } };
}

/** Converts a TF.js graph model to an ONNX model (opset 17) with NHWC inputs/outputs, as in TF. */
export function convertGraphModel(model: LoadedGraphModel, options: ConvertOptions): ConvertedModel {
  // Outputs come from the graph as written: fusion orphans inner nodes, which must not become outputs.
  const outputs = graphOutputs(model.json);
  const nodes = orderedNodes(options.fuse === false ? model.json : fused(model), outputs);
  checkSupported(nodes);
  const graph = new OnnxGraph(options.name);
  const ctx = new ConversionContext(graph);
  const values = new Map<string, Value>();
  const lookup = (ref: string): Value => {
    const r = parseTensorRef(ref);
    const v = values.get(`${r.node}:${r.index}`);
    if (!v) throw new Error(`tensor "${ref}" is not available (unconverted producer?)`);
    return v;
  };
  const inputs: TensorInfo[] = [];
  const opCounts: Record<string, number> = {};
  for (const tf of nodes) {
    opCounts[tf.op] = (opCounts[tf.op] ?? 0) + 1;
    if (tf.op === "Const") {
      const c = model.weights.get(tf.name);
      if (!c) throw new Error(`Const node "${tf.name}": no weight with that name in the manifest`);
      values.set(`${tf.name}:0`, { dtype: c.dtype, shape: c.shape, layout: "logical", constant: c });
    } else if (tf.op === "Placeholder") {
      const { info, value } = addInput(graph, tf, options);
      inputs.push(info);
      values.set(`${tf.name}:0`, value);
    } else {
      const mapper = opTable[tf.op];
      if (!mapper) throw new Error(`unsupported TF op ${tf.op} (node "${tf.name}")`);
      const produced = mapper(
        ctx,
        new OpNode(tf, (tf.input ?? []).filter((r) => !r.startsWith("^")).map(lookup)),
      );
      (Array.isArray(produced) ? produced : [produced]).forEach((v, i) => {
        values.set(`${tf.name}:${i}`, v);
      });
    }
  }
  const outInfos = outputs.map((out) => {
    const v = lookup(out.ref);
    const name = options.outputNames?.[out.name] ?? out.name;
    graph.node("Identity", [ctx.logical(v)], [name]);
    const info: TensorInfo = { name, tfName: out.ref, dtype: v.dtype, shape: dims(v.shape, name) };
    graph.output(name, info.dtype, info.shape);
    return info;
  });
  graph.meta("converter", `sitewatch tfjs-to-onnx ${CONVERTER_VERSION}`);
  for (const [key, value] of Object.entries(options.metadata ?? {})) graph.meta(key, value);
  return { bytes: graph.toBytes(), inputs, outputs: outInfos, opCounts };
}
