import { describe, expect, it } from "vitest";
import type { WeightGroup } from "./graph-model-json.js";
import { parseTensorRef } from "./graph-model-json.js";
import { decodeWeights, float16ToFloat32 } from "./weights.js";

const bytes = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

describe("float16ToFloat32", () => {
  it("decodes normal, subnormal and special half floats", () => {
    expect(float16ToFloat32(0x3c00)).toBe(1);
    expect(float16ToFloat32(0xc000)).toBe(-2);
    expect(float16ToFloat32(0x3555)).toBeCloseTo(0.33325, 5);
    expect(float16ToFloat32(0x7bff)).toBe(65504);
    expect(float16ToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16ToFloat32(0x8000)).toBe(-0);
    expect(float16ToFloat32(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16ToFloat32(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(float16ToFloat32(0x7e00)).toBeNaN();
  });
});

describe("decodeWeights", () => {
  it("reads float32, int32, bool and quantized weights packed across shard boundaries", () => {
    const f32 = bytes(new Float32Array([1.5, -2]));
    const i32 = bytes(new Int32Array([7, -3, 2 ** 30]));
    const half = bytes(new Uint16Array([0x3c00, 0xb800])); // 1, -0.5
    const u8 = new Uint8Array([0, 10, 255]);
    const u16 = bytes(new Uint16Array([0, 1000]));
    const u8int = new Uint8Array([0, 3]);
    const bool = new Uint8Array([1, 0]);
    const stream = Buffer.concat([f32, i32, half, u8, u16, u8int, bool]);
    // Split at an odd offset so weights straddle the shard boundary unaligned.
    const manifest: WeightGroup[] = [
      {
        paths: ["a.bin", "b.bin"],
        weights: [
          { name: "f", shape: [2], dtype: "float32" },
          { name: "i", shape: [3], dtype: "int32" },
          { name: "h", shape: [2], dtype: "float32", quantization: { dtype: "float16" } },
          {
            name: "q8",
            shape: [3],
            dtype: "float32",
            quantization: { dtype: "uint8", min: -1, scale: 0.01 },
          },
          {
            name: "q16",
            shape: [2],
            dtype: "float32",
            quantization: { dtype: "uint16", min: 2, scale: 0.5 },
          },
          {
            name: "qi",
            shape: [1, 2],
            dtype: "int32",
            quantization: { dtype: "uint8", min: -1.2, scale: 0.5 },
          },
          { name: "b", shape: [2], dtype: "bool" },
        ],
      },
    ];
    const shards = new Map([
      ["a.bin", new Uint8Array(stream.subarray(0, 13))],
      ["b.bin", new Uint8Array(stream.subarray(13))],
    ]);
    const w = decodeWeights(manifest, shards);
    expect(Array.from(w.get("f")?.data ?? [])).toEqual([1.5, -2]);
    expect(Array.from(w.get("i")?.data ?? [])).toEqual([7, -3, 2 ** 30]);
    expect(Array.from(w.get("h")?.data ?? [])).toEqual([1, -0.5]);
    expect(Array.from(w.get("q8")?.data ?? [])).toEqual([-1, -0.9, 1.55].map(Math.fround));
    expect(Array.from(w.get("q16")?.data ?? [])).toEqual([2, 502]);
    expect(w.get("qi")).toEqual({ dtype: "int32", shape: [1, 2], data: Int32Array.from([-1, 0]) });
    expect(w.get("b")).toEqual({ dtype: "bool", shape: [2], data: Uint8Array.from([1, 0]) });
  });

  it("reports missing shards, short shards and missing quantization parameters", () => {
    const spec = { name: "f", shape: [4], dtype: "float32" as const };
    expect(() => decodeWeights([{ paths: ["x.bin"], weights: [spec] }], new Map())).toThrow(
      'weight shard "x.bin" is missing',
    );
    expect(() =>
      decodeWeights([{ paths: ["x.bin"], weights: [spec] }], new Map([["x.bin", new Uint8Array(8)]])),
    ).toThrow('weight "f" runs past the end');
    const q = { ...spec, quantization: { dtype: "uint8" as const } };
    expect(() =>
      decodeWeights([{ paths: ["x.bin"], weights: [q] }], new Map([["x.bin", new Uint8Array(4)]])),
    ).toThrow("needs min and scale");
  });
});

describe("parseTensorRef", () => {
  it("splits output indices and control inputs", () => {
    expect(parseTensorRef("a/b")).toEqual({ node: "a/b", index: 0, control: false });
    expect(parseTensorRef("tower_0/TopKV2:1")).toEqual({ node: "tower_0/TopKV2", index: 1, control: false });
    expect(parseTensorRef("^init")).toEqual({ node: "init", index: 0, control: true });
  });
});
