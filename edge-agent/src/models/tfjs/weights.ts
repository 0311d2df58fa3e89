import type { WeightGroup, WeightSpec } from "./graph-model-json.js";

/** A decoded constant tensor, row-major, in TF's logical layout. */
export type HostTensor =
  | { dtype: "float32"; shape: number[]; data: Float32Array }
  | { dtype: "int32"; shape: number[]; data: Int32Array }
  | { dtype: "bool"; shape: number[]; data: Uint8Array };

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** IEEE 754 half → single precision, including subnormals, infinities and NaN. */
export function float16ToFloat32(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (mantissa / 1024);
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}

const storedBytes = (spec: WeightSpec): number => {
  const q = spec.quantization?.dtype;
  if (q) return q === "uint8" ? 1 : 2;
  if (spec.dtype === "float32" || spec.dtype === "int32") return 4;
  if (spec.dtype === "bool") return 1;
  throw new Error(`weight "${spec.name}": dtype ${spec.dtype} is not supported`);
};

function decodeOne(spec: WeightSpec, bytes: Uint8Array): HostTensor {
  const n = sizeOf(spec.shape);
  const shape = [...spec.shape];
  // Copy into an own, aligned buffer: shard offsets need not be multiples of the element size (and a
  // Node Buffer's slice() would share the pooled memory instead of copying).
  const buf = new Uint8Array(bytes).buffer;
  const q = spec.quantization;
  if (q) {
    const raw = q.dtype === "uint8" ? new Uint8Array(buf) : new Uint16Array(buf);
    if (q.dtype === "float16") {
      if (spec.dtype !== "float32") throw new Error(`weight "${spec.name}": float16 needs float32`);
      return { dtype: "float32", shape, data: Float32Array.from(raw, float16ToFloat32) };
    }
    if (q.min === undefined || q.scale === undefined) {
      throw new Error(`weight "${spec.name}": ${q.dtype} quantization needs min and scale`);
    }
    const { min, scale } = q;
    if (spec.dtype === "int32") {
      return { dtype: "int32", shape, data: Int32Array.from(raw, (v) => Math.round(v * scale + min)) };
    }
    if (spec.dtype !== "float32") throw new Error(`weight "${spec.name}": cannot dequantize ${spec.dtype}`);
    // Affine dequantisation in float64 then rounded to float32, as TF.js does.
    return { dtype: "float32", shape, data: Float32Array.from(raw, (v) => v * scale + min) };
  }
  if (spec.dtype === "float32") return { dtype: "float32", shape, data: new Float32Array(buf, 0, n) };
  if (spec.dtype === "int32") return { dtype: "int32", shape, data: new Int32Array(buf, 0, n) };
  return { dtype: "bool", shape, data: new Uint8Array(buf, 0, n) };
}

/**
 * Decodes every weight of the manifest. Each group's shards are one byte stream (weights are packed
 * back to back across shard boundaries), so the shards of a group are concatenated first.
 */
export function decodeWeights(
  manifest: readonly WeightGroup[],
  shards: ReadonlyMap<string, Uint8Array>,
): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const group of manifest) {
    const parts = group.paths.map((p) => {
      const bytes = shards.get(p);
      if (!bytes) throw new Error(`weight shard "${p}" is missing`);
      return bytes;
    });
    const stream = Buffer.concat(parts);
    let offset = 0;
    for (const spec of group.weights) {
      const length = sizeOf(spec.shape) * storedBytes(spec);
      if (offset + length > stream.length) {
        throw new Error(`weight "${spec.name}" runs past the end of shards ${group.paths.join(", ")}`);
      }
      out.set(spec.name, decodeOne(spec, stream.subarray(offset, offset + length)));
      offset += length;
    }
  }
  return out;
}
