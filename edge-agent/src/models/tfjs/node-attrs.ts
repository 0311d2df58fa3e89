import type { TfAttrValue, TfNode } from "./graph-model-json.js";

/** TensorFlow DataType enum names → the element types the converter handles. */
const tfTypes: Record<string, "float32" | "int32" | "int64" | "bool"> = {
  DT_FLOAT: "float32",
  DT_INT32: "int32",
  DT_INT64: "int64",
  DT_BOOL: "bool",
};

const decodeBase64 = (s: string): string => Buffer.from(s, "base64").toString("utf8");

/** Typed, error-reporting access to a node's attributes (missing required ones name the node). */
export class NodeAttrs {
  private readonly attr: Record<string, TfAttrValue>;

  constructor(private readonly node: TfNode) {
    this.attr = node.attr ?? {};
  }

  has(name: string): boolean {
    return name in this.attr;
  }

  private get(name: string): TfAttrValue | undefined {
    return this.attr[name];
  }

  private missing(name: string): Error {
    return new Error(`${this.node.op} node "${this.node.name}": attribute "${name}" is missing`);
  }

  int(name: string, fallback?: number): number {
    const v = this.get(name)?.i;
    if (v !== undefined) return Number(v);
    if (fallback === undefined) throw this.missing(name);
    return fallback;
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    const list = this.get(name)?.list;
    if (list) return (list.i ?? []).map(Number);
    if (fallback === undefined) throw this.missing(name);
    return [...fallback];
  }

  float(name: string, fallback?: number): number {
    const v = this.get(name)?.f;
    if (v !== undefined) return Number(v);
    if (fallback === undefined) throw this.missing(name);
    return fallback;
  }

  bool(name: string, fallback = false): boolean {
    return this.get(name)?.b ?? fallback;
  }

  string(name: string, fallback?: string): string {
    const v = this.get(name)?.s;
    if (v !== undefined) return decodeBase64(v);
    if (fallback === undefined) throw this.missing(name);
    return fallback;
  }

  strings(name: string): string[] {
    return (this.get(name)?.list?.s ?? []).map(decodeBase64);
  }

  /** A dtype attribute as an element type; unsupported TF types are reported with the node. */
  dtype(
    name: string,
    fallback?: "float32" | "int32" | "int64" | "bool",
  ): "float32" | "int32" | "int64" | "bool" {
    const t = this.get(name)?.type;
    if (t === undefined) {
      if (fallback === undefined) throw this.missing(name);
      return fallback;
    }
    const mapped = tfTypes[t];
    if (!mapped) throw new Error(`${this.node.op} node "${this.node.name}": dtype ${t} is not supported`);
    return mapped;
  }

  /** A shape attribute: sizes, -1 for unknown; undefined for unknown rank. */
  shape(name: string): number[] | undefined {
    const s = this.get(name)?.shape;
    if (!s || s.unknownRank) return undefined;
    return (s.dim ?? []).map((d) => Number(d.size ?? -1));
  }
}
