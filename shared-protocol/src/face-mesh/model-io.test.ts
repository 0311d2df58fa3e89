import { describe, expect, it } from "vitest";
import { describeModelInput, findOutput } from "./model-io.js";

describe("describeModelInput", () => {
  it("reads a TF-style NHWC input with a dynamic batch, pinning the batch to 1", () => {
    expect(describeModelInput({ name: "img", isTensor: true, shape: ["batch", 8, 8, 3] })).toEqual({
      name: "img",
      size: 8,
      layout: "nhwc",
      dims: [1, 8, 8, 3],
    });
  });

  it("recognises channels-first inputs", () => {
    expect(describeModelInput({ name: "x", shape: [1, 3, 16, 16] })).toMatchObject({
      size: 16,
      layout: "nchw",
      dims: [1, 3, 16, 16],
    });
  });

  it("rejects what is not a square image tensor", () => {
    expect(() => describeModelInput({ name: "x", shape: [1, 8, 4, 3] })).toThrow(
      /square image input, got \[1,8,4,3\]/,
    );
    expect(() => describeModelInput({ name: "x", shape: [1, 3] })).toThrow(/4-D image input, got \[1,3\]/);
    expect(() => describeModelInput({ name: "x", isTensor: false })).toThrow(/tensor input/);
    expect(() => describeModelInput(undefined)).toThrow(/tensor input/);
  });
});

describe("findOutput", () => {
  it("finds an output by its last dimension and names what is missing", () => {
    const flag = { dims: [1, 1], data: Float32Array.of(0.9) };
    const mesh = { dims: [1, 1404], data: new Float32Array(1404) };
    expect(findOutput([mesh, flag], 1, "flag")).toBe(flag);
    expect(() => findOutput([flag], 1404, "mesh")).toThrow(/mesh: no output with last dimension 1404/);
  });
});
