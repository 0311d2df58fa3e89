import { describe, expect, it } from "vitest";
import { createFaceMesh, MESH_POINTS } from "./face-mesh.js";
import type { ModelOutput, ShapedRunner } from "./model-io.js";
import type { PixelImage } from "./pixel-image.js";

/**
 * A 32-pixel detector (14 anchors: 2×2 cells × 2, then 1 cell × 6) that reports one face on row 0,
 * whose anchor is (8, 8): box (8, 8)–(24, 24) in input pixels, eyes level at y = 12.
 */
function fakeDetector(seen: Float32Array[], active: { now: number; max: number }): ShapedRunner {
  const logits = new Float32Array(14).fill(-10);
  logits[0] = 5;
  const regressors = new Float32Array(14 * 16);
  regressors.set([8, 8, 16, 16, 4, 4, 12, 4]);
  return {
    input: { name: "img", size: 32, layout: "nhwc", dims: [1, 32, 32, 3] },
    async run(input, dims) {
      expect(dims).toEqual([1, 32, 32, 3]);
      seen.push(Float32Array.from(input));
      active.now++;
      active.max = Math.max(active.max, active.now);
      await new Promise((r) => setTimeout(r, 5));
      active.now--;
      return [
        { dims: [1, 14, 16], data: regressors },
        { dims: [1, 14, 1], data: logits },
      ];
    },
  };
}

/** A 16-pixel channels-first mesh model: every point at the crop centre except point 1. */
function fakeMesh(flag: number, seen: Float32Array[]): ShapedRunner {
  const points = new Float32Array(MESH_POINTS * 3);
  for (let i = 0; i < MESH_POINTS; i++) points.set([8, 8, 0], i * 3);
  points.set([16, 8, 4], 3);
  return {
    input: { name: "crop", size: 16, layout: "nchw", dims: [1, 3, 16, 16] },
    async run(input, dims): Promise<ModelOutput[]> {
      expect(dims).toEqual([1, 3, 16, 16]);
      seen.push(Float32Array.from(input));
      return [
        { dims: [1, 1, 1, 1], data: Float32Array.of(flag) },
        { dims: [1, MESH_POINTS * 3], data: points },
      ];
    },
  };
}

/** A 64×32 frame (letterboxed into the 32 input at half scale, 8 pixels of padding above). */
function frame(channels: 3 | 4): PixelImage {
  const data = new Uint8Array(64 * 32 * channels + 1);
  for (let p = 0; p < 64 * 32; p++) data.set([p % 251, (p * 3) % 256, 90, 7], p * channels);
  return { width: 64, height: 32, channels, data: data.subarray(0, 64 * 32 * channels) };
}

function pipeline(flag = 0.9) {
  const detIn: Float32Array[] = [];
  const meshIn: Float32Array[] = [];
  const active = { now: 0, max: 0 };
  const mesh = createFaceMesh({ detector: fakeDetector(detIn, active), mesh: fakeMesh(flag, meshIn) });
  return { mesh, detIn, meshIn, active };
}

describe("createFaceMesh", () => {
  it("maps the detector box and the mesh points back to source pixels", async () => {
    const { mesh } = pipeline();
    const [face, ...rest] = await mesh.detect(frame(3));
    expect(rest).toEqual([]);
    expect(face?.box).toEqual([16, 0, 48, 32]);
    expect(face?.score).toBeCloseTo(1 / (1 + Math.exp(-5)), 6);
    expect(face?.meshScore).toBeCloseTo(0.9, 6);
    expect(face?.landmarks).toHaveLength(MESH_POINTS);
    // Crop: centre (32, 16), side 1.5 × 32 = 48 source pixels over 16 crop pixels, eyes level.
    expect(face?.landmarks[0]).toEqual([32, 16, 0]);
    expect(face?.landmarks[1]).toEqual([56, 16, 12]);
  });

  it("drops a detection the mesh model does not call a face", async () => {
    const { mesh, meshIn } = pipeline(0.3);
    expect(await mesh.detect(frame(3))).toEqual([]);
    expect(meshIn).toHaveLength(1);
  });

  it("feeds both models the same tensors for RGBA as for RGB", async () => {
    const rgb = pipeline();
    const rgba = pipeline();
    const a = await rgb.mesh.detect(frame(3));
    const b = await rgba.mesh.detect(frame(4));
    expect(b).toEqual(a);
    expect(rgba.detIn).toEqual(rgb.detIn);
    expect(rgba.meshIn).toEqual(rgb.meshIn);
    // The crop is normalised to 0..1 and the detector input to -1..1 (padding rows are black).
    expect(rgb.detIn[0]?.[0]).toBe(-1);
    expect(Math.max(...(rgb.meshIn[0] ?? []))).toBeLessThanOrEqual(1);
  });

  it("runs one frame at a time because the frames share the input buffers", async () => {
    const { mesh, active } = pipeline();
    const results = await Promise.all([mesh.detect(frame(3)), mesh.detect(frame(4)), mesh.detect(frame(3))]);
    expect(results.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(active.max).toBe(1);
  });

  it("rejects a frame whose buffer does not match its size, and keeps working", async () => {
    const { mesh } = pipeline();
    const bad = { ...frame(3), channels: 4 as const };
    await expect(mesh.detect(bad)).rejects.toThrow(/4-channel image 64x32/);
    expect(await mesh.detect(frame(3))).toHaveLength(1);
  });
});
