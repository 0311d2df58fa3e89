import { type GraphModelJson, parseTensorRef, type TfNode } from "../tfjs/graph-model-json.js";
import type { HostTensor } from "../tfjs/weights.js";

/** Synthetic op the fusion emits: input 0 is x, attribute `scale.f` the graph's 1/6 constant. */
export const HARD_SWISH = "_SitewatchHardSwish";

/**
 * MobileNetV3 graphs spell hard-swish as Mul(Mul(c, x), Relu6(x + 3)) with c ≈ 1/6: four passes
 * over large tensors, and elementwise ops onnxruntime cannot keep in its blocked conv layout. This
 * pass replaces each occurrence whose inner values feed nothing else by one synthetic node carrying
 * the last node's name; the orphaned inner nodes then drop out with the rest of the dead code.
 *
 * c is kept exact: x·c·relu6(x + 3) = 6c · x·clip(x/6 + ½, 0, 1) = 6c · HardSwish(x), and 6c is
 * not 1 when c was stored as float16 (0.16663), so the mapper multiplies by 6c unless it is 1.
 */
export function fuseHardSwish(json: GraphModelJson, weights: ReadonlyMap<string, HostTensor>): TfNode[] {
  const nodes = json.modelTopology.node;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const uses = new Map<string, number>();
  for (const n of nodes) {
    for (const ref of n.input ?? []) {
      if (!parseTensorRef(ref).control) uses.set(ref, (uses.get(ref) ?? 0) + 1);
    }
  }
  /** The value of a scalar float Const within `tolerance` of `near`. */
  const scalar = (ref: string | undefined, near: number, tolerance: number): number | undefined => {
    const node = ref === undefined ? undefined : byName.get(ref);
    const t = node?.op === "Const" ? weights.get(node.name) : undefined;
    const v = t?.dtype === "float32" && t.data.length === 1 ? t.data[0] : undefined;
    return v !== undefined && Math.abs(v - near) <= tolerance ? v : undefined;
  };
  // Reached through its consumer's inputs, a value used once is used by that consumer alone.
  const single = (ref: string) => uses.get(ref) === 1;
  const operands = (n: TfNode | undefined, op: (o: string) => boolean): [string, string] | undefined =>
    n && op(n.op) && n.input?.length === 2 && single(n.name)
      ? [n.input[0] ?? "", n.input[1] ?? ""]
      : undefined;

  /** x when `ref` is Relu6(x + 3) with exactly 3. */
  const relu6Plus3 = (ref: string): string | undefined => {
    const relu6 = byName.get(ref);
    if (relu6?.op !== "Relu6" || !single(ref)) return undefined;
    const add = operands(byName.get(relu6.input?.[0] ?? ""), (o) => o === "Add" || o === "AddV2");
    if (!add) return undefined;
    if (scalar(add[1], 3, 0) !== undefined) return add[0];
    return scalar(add[0], 3, 0) !== undefined ? add[1] : undefined;
  };

  /** [x, c] when `ref` is Mul(c, x) or Mul(x, c) with c ≈ 1/6 (float16 storage included). */
  const scaled = (ref: string): [string, number] | undefined => {
    const mul = operands(byName.get(ref), (o) => o === "Mul");
    if (!mul) return undefined;
    for (const [c, x] of [mul, [mul[1], mul[0]]] as const) {
      const v = scalar(c, 1 / 6, 1e-3);
      if (v !== undefined) return [x, v];
    }
    return undefined;
  };

  return nodes.map((n) => {
    if (n.op !== "Mul" || n.input?.length !== 2) return n;
    const [a = "", b = ""] = n.input;
    for (const [m, r] of [
      [a, b],
      [b, a],
    ] as const) {
      const found = scaled(m);
      if (found && relu6Plus3(r) === found[0]) {
        return { name: n.name, op: HARD_SWISH, input: [found[0]], attr: { scale: { f: found[1] } } };
      }
    }
    return n;
  });
}
