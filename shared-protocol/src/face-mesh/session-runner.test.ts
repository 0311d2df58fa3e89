import { describe, expect, it } from "vitest";
import { sessionRunner } from "./session-runner.js";

/** Stands in for an onnxruntime session: records feeds, answers with fixed outputs. */
function fakeSession(meta: { name: string; shape?: (number | string)[] } | undefined) {
  const feeds: Record<string, unknown>[] = [];
  const session = {
    inputNames: ["img"],
    outputNames: ["flag", "points"],
    inputMetadata: meta ? [meta] : [],
    async run(feed: Record<string, unknown>) {
      feeds.push(feed);
      return {
        points: { dims: [1, 6], data: new Float32Array(6) },
        flag: { dims: [1, 1], data: Float32Array.of(0.5) },
      };
    },
  };
  return { session, feeds };
}

describe("sessionRunner", () => {
  it("describes the input from the metadata and returns outputs in output-name order", async () => {
    const { session, feeds } = fakeSession({ name: "img", shape: [-1, 4, 4, 3] });
    const made: unknown[] = [];
    const runner = sessionRunner(session, (data, dims) => {
      const t = { data, dims };
      made.push(t);
      return t;
    });
    expect(runner.input).toEqual({ name: "img", size: 4, layout: "nhwc", dims: [1, 4, 4, 3] });
    const input = new Float32Array(48);
    const outputs = await runner.run(input, runner.input.dims);
    expect(outputs.map((o) => o.dims)).toEqual([
      [1, 1],
      [1, 6],
    ]);
    // The same buffer keeps its tensor; a different one gets a new tensor.
    await runner.run(input, runner.input.dims);
    expect(made).toHaveLength(1);
    expect(feeds[1]?.img).toBe(made[0]);
    await runner.run(new Float32Array(48), runner.input.dims);
    expect(made).toHaveLength(2);
  });

  it("takes the shape from the caller when the runtime reports none", () => {
    const { session } = fakeSession(undefined);
    expect(() => sessionRunner(session, (d) => d)).toThrow(/known shape/);
    const runner = sessionRunner(session, (d) => d, { shape: [1, 3, 8, 8] });
    expect(runner.input).toMatchObject({ name: "img", layout: "nchw", size: 8 });
  });

  it("refuses outputs that are not float32", async () => {
    const { session } = fakeSession({ name: "img", shape: [1, 4, 4, 3] });
    const odd = {
      ...session,
      run: async () => ({ flag: { dims: [1], data: new Int32Array(1) }, points: { dims: [1], data: [] } }),
    };
    const runner = sessionRunner(odd, (d) => d);
    await expect(runner.run(new Float32Array(48), [1, 4, 4, 3])).rejects.toThrow(
      /float32 tensor for output flag/,
    );
  });
});
