import { describe, expect, it } from "vitest";
import { ctcGreedyDecode } from "./ctc-decode.js";

const ALPHABET = ["", "A", "B", "O", " "];

/** Builds a [batch, steps, classes] tensor from per-step (winning class, its probability) pairs. */
function probs(items: [number, number][][]): { data: Float32Array; steps: number } {
  const steps = items[0]?.length ?? 0;
  const classes = ALPHABET.length;
  const data = new Float32Array(items.length * steps * classes);
  items.forEach((seq, n) => {
    seq.forEach(([cls, p], t) => {
      const offset = (n * steps + t) * classes;
      // Spread the rest of the mass evenly so the row still sums to 1.
      for (let c = 0; c < classes; c++) data[offset + c] = (1 - p) / (classes - 1);
      data[offset + cls] = p;
    });
  });
  return { data, steps };
}

describe("ctcGreedyDecode", () => {
  it("merges repeats and drops blanks", () => {
    const { data, steps } = probs([
      [
        [0, 0.9],
        [1, 0.8],
        [1, 0.6],
        [0, 0.9],
        [2, 1],
        [0, 0.7],
      ],
    ]);
    const result = ctcGreedyDecode(data, steps, ALPHABET);
    expect(result.text).toBe("AB");
    // The first of a run of repeats is the one scored.
    expect(result.confidence).toBeCloseTo((0.8 + 1) / 2, 5);
  });

  it("keeps doubled letters that a blank separates, and spaces", () => {
    const { data, steps } = probs([
      [
        [3, 0.9],
        [3, 0.9],
        [0, 0.9],
        [3, 0.9],
        [4, 0.9],
        [1, 0.9],
      ],
    ]);
    expect(ctcGreedyDecode(data, steps, ALPHABET).text).toBe("OO A");
  });

  it("decodes each item of a batch independently", () => {
    const { data, steps } = probs([
      [
        [1, 0.9],
        [0, 0.9],
        [2, 0.5],
      ],
      [
        [2, 0.7],
        [2, 0.7],
        [3, 0.7],
      ],
    ]);
    expect(ctcGreedyDecode(data, steps, ALPHABET, 0)).toEqual({
      text: "AB",
      confidence: expect.closeTo(0.7, 5),
    });
    expect(ctcGreedyDecode(data, steps, ALPHABET, 1)).toEqual({
      text: "BO",
      confidence: expect.closeTo(0.7, 5),
    });
  });

  it("returns empty text with zero confidence for all blanks", () => {
    const { data, steps } = probs([
      [
        [0, 0.99],
        [0, 0.99],
      ],
    ]);
    expect(ctcGreedyDecode(data, steps, ALPHABET)).toEqual({ text: "", confidence: 0 });
  });

  it("rejects a tensor too small for the requested item", () => {
    const { data, steps } = probs([[[1, 0.9]]]);
    expect(() => ctcGreedyDecode(data, steps, ALPHABET, 1)).toThrow(/item 1/);
  });
});
