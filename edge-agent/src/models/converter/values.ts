import type { ElemType } from "../onnx/onnx-graph.js";
import { type HostTensor, sizeOf } from "../tfjs/weights.js";

/**
 * Where a value's data sits. TF graphs are NHWC; ONNX convolutions and pools are NCHW. A value in
 * "nchw" layout holds the logical (TF, NHWC) rank-4 tensor transposed by [0, 3, 1, 2]. Keeping whole
 * conv regions in NCHW means transposes appear only where the graph leaves that region.
 */
export type Layout = "logical" | "nchw";

/** Logical NHWC axis → axis of the same data in NCHW. */
export const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1] as const;
export const TO_NCHW = [0, 3, 1, 2] as const;
export const TO_NHWC = [0, 2, 3, 1] as const;

/** A TF tensor as converted so far; `shape` is always the logical one (-1 = unknown size). */
export interface Value {
  dtype: ElemType;
  shape: number[] | undefined;
  layout: Layout;
  /** The ONNX value name; absent for a constant that has not been written yet. */
  onnx?: string;
  /** Known data (TF Const nodes); written to the model only when an ONNX node consumes it. */
  constant?: HostTensor;
  /** Cached conversions so each value is transposed at most once per direction. */
  logicalName?: string;
  nchwName?: string;
}

/** Transposes host data (row-major) by `perm`. */
export function transposeHost(t: HostTensor, perm: readonly number[]): HostTensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`transpose perm ${perm} does not match rank ${rank}`);
  const outShape = perm.map((p) => t.shape[p] ?? 1);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] ?? 1) * (t.shape[i + 1] ?? 1);
  const n = sizeOf(t.shape);
  const src = t.data;
  const dst = new (src.constructor as new (n: number) => typeof src)(n);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < n; o++) {
    let offset = 0;
    for (let d = 0; d < rank; d++) offset += (index[d] ?? 0) * (inStrides[perm[d] ?? 0] ?? 0);
    dst[o] = src[offset] ?? 0;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] ?? 0) + 1;
      if ((index[d] ?? 0) < (outShape[d] ?? 1)) break;
      index[d] = 0;
    }
  }
  return { ...t, shape: outShape, data: dst } as HostTensor;
}

/** Constant operand for an NCHW computation: left-padded to rank 4 with 1s, then transposed. */
export function hostToNchw(t: HostTensor): HostTensor {
  if (t.shape.length > 4) throw new Error(`cannot align a rank-${t.shape.length} constant with NCHW data`);
  const shape = [...new Array<number>(4 - t.shape.length).fill(1), ...t.shape];
  return transposeHost({ ...t, shape } as HostTensor, TO_NCHW);
}

/** Numpy-style broadcast of logical shapes; unknown sizes stay -1. */
export function broadcastShapes(shapes: readonly (number[] | undefined)[]): number[] | undefined {
  if (shapes.some((s) => s === undefined)) return undefined;
  const known = shapes as number[][];
  const rank = Math.max(0, ...known.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const dims = known.map((s) => s[s.length - rank + i] ?? 1).filter((d) => d !== 1);
    const fixed = dims.find((d) => d !== -1);
    out.push(fixed ?? (dims.length > 0 ? -1 : 1));
  }
  return out;
}

/** Normalises a possibly negative axis against `rank`. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}
