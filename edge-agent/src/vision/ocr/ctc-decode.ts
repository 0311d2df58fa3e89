/**
 * Greedy CTC decoding of the recogniser's per-timestep class probabilities: take the most likely
 * class at each step, merge consecutive repeats (one character spans several steps), drop blanks
 * (index 0, which also separates genuinely doubled letters such as "OO").
 */
export interface CtcResult {
  text: string;
  /** Mean of the winning probabilities of the emitted characters; 0 when nothing was emitted. */
  confidence: number;
}

/**
 * Decodes item `item` of a [batch, steps, classes] probability tensor (already soft-maxed, as
 * PP-OCRv4 rec's output is).
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  alphabet: readonly string[],
  item = 0,
): CtcResult {
  const classes = alphabet.length;
  const base = item * steps * classes;
  if (base + steps * classes > probs.length) {
    throw new Error(`CTC input holds ${probs.length} values, item ${item} needs ${base + steps * classes}`);
  }
  let text = "";
  let sum = 0;
  let emitted = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const offset = base + t * classes;
    let best = 0;
    let bestProb = probs[offset] as number;
    for (let c = 1; c < classes; c++) {
      const p = probs[offset + c] as number;
      if (p > bestProb) {
        bestProb = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += alphabet[best];
      sum += bestProb;
      emitted++;
    }
    previous = best;
  }
  return { text, confidence: emitted > 0 ? sum / emitted : 0 };
}
