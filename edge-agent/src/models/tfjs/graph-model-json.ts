/**
 * The subset of the TF.js "graph-model" model.json format the converter reads. Field names are the
 * format's own (they mirror TensorFlow's GraphDef in JSON form: int64 values arrive as strings, string
 * attributes as base64).
 */

export interface TfTensorShape {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}

export interface TfAttrList {
  s?: string[];
  i?: (string | number)[];
  f?: number[];
  b?: boolean[];
  type?: string[];
}

export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: TfTensorShape;
  list?: TfAttrList;
  tensor?: unknown;
  func?: unknown;
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
  device?: string;
}

export type WeightDtype = "float32" | "int32" | "bool" | "string" | "complex64";

export interface WeightQuantization {
  dtype: "uint8" | "uint16" | "float16";
  min?: number;
  scale?: number;
  original_dtype?: string;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  quantization?: WeightQuantization;
}

export interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface TfTensorInfo {
  name: string;
  dtype?: string;
  tensorShape?: TfTensorShape;
}

export interface GraphModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: TfNode[]; library?: unknown; versions?: unknown };
  weightsManifest: WeightGroup[];
  signature?: { inputs?: Record<string, TfTensorInfo>; outputs?: Record<string, TfTensorInfo> };
  userDefinedMetadata?: Record<string, unknown>;
}

/** Structural check of a parsed model.json; the converter trusts the fields checked here. */
export function asGraphModelJson(value: unknown, source: string): GraphModelJson {
  const v = value as Partial<GraphModelJson> | null;
  if (!v || typeof v !== "object") throw new Error(`${source}: not a JSON object`);
  if (v.format !== undefined && v.format !== "graph-model") {
    throw new Error(`${source}: format "${v.format}" is not a TF.js graph model`);
  }
  if (!Array.isArray(v.modelTopology?.node)) throw new Error(`${source}: modelTopology.node is missing`);
  if (!Array.isArray(v.weightsManifest)) throw new Error(`${source}: weightsManifest is missing`);
  return v as GraphModelJson;
}

/** Splits a tensor reference "node", "node:1" or control input "^node". */
export function parseTensorRef(ref: string): { node: string; index: number; control: boolean } {
  if (ref.startsWith("^")) return { node: ref.slice(1), index: 0, control: true };
  const m = /^(.*):(\d+)$/.exec(ref);
  if (m?.[1] !== undefined && m[2] !== undefined) return { node: m[1], index: Number(m[2]), control: false };
  return { node: ref, index: 0, control: false };
}
