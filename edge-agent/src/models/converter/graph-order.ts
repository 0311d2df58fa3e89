import { type GraphModelJson, parseTensorRef, type TfNode } from "../tfjs/graph-model-json.js";

export interface GraphOutput {
  /** Name the ONNX output gets (signature key, or the node name). */
  name: string;
  /** TF tensor reference ("node" or "node:1"). */
  ref: string;
}

const NOT_OUTPUTS = new Set(["Const", "Placeholder", "NoOp"]);

/**
 * Graph outputs: the signature's when the model has one, otherwise (like TF.js) every node that no
 * other node consumes.
 */
export function graphOutputs(json: GraphModelJson): GraphOutput[] {
  const sig = json.signature?.outputs;
  if (sig && Object.keys(sig).length > 0) {
    return Object.entries(sig).map(([key, info]) => ({ name: key, ref: info.name }));
  }
  const consumed = new Set<string>();
  for (const node of json.modelTopology.node) {
    for (const ref of node.input ?? []) consumed.add(parseTensorRef(ref).node);
  }
  return json.modelTopology.node
    .filter((n) => !consumed.has(n.name) && !NOT_OUTPUTS.has(n.op))
    .map((n) => ({ name: n.name, ref: n.name }));
}

/**
 * Nodes the outputs depend on, producers before consumers. Unused branches are dropped, so an
 * unsupported op nobody reads does not block a conversion. Control inputs only order execution in
 * TF; inference needs no ordering beyond data flow, so they are ignored.
 */
export function orderedNodes(json: GraphModelJson, outputs: readonly GraphOutput[]): TfNode[] {
  const byName = new Map(json.modelTopology.node.map((n) => [n.name, n]));
  const state = new Map<string, "visiting" | "done">();
  const order: TfNode[] = [];
  const dataInputs = (n: TfNode) =>
    (n.input ?? [])
      .map(parseTensorRef)
      .filter((r) => !r.control)
      .map((r) => r.node);
  for (const out of outputs) {
    const root = parseTensorRef(out.ref).node;
    const stack: { name: string; expanded: boolean }[] = [{ name: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop() as { name: string; expanded: boolean };
      const node = byName.get(top.name);
      if (!node) throw new Error(`graph references unknown node "${top.name}"`);
      if (top.expanded) {
        state.set(top.name, "done");
        order.push(node);
        continue;
      }
      const seen = state.get(top.name);
      if (seen === "done") continue;
      if (seen === "visiting") throw new Error(`graph has a cycle through node "${top.name}"`);
      state.set(top.name, "visiting");
      stack.push({ name: top.name, expanded: true });
      for (const dep of dataInputs(node).reverse()) {
        if (state.get(dep) !== "done") stack.push({ name: dep, expanded: false });
      }
    }
  }
  return order;
}
