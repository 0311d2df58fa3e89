/**
 * Reads the free-text "target / reference" cells of docs/benchmarks.md ("< 50 ms", "≥ 20,000",
 * "≤ 1.3×", "100 %", "< 1000 ms (issue), < 2000 ms (seeds/002)") and checks a value against them.
 * Targets are written for people, so anything not clearly a comparison with a compatible unit is left
 * unchecked rather than guessed at ("≥ 3× faster than TF.js-WASM" beside a figure in ms, "16.7 ms at
 * 60 Hz", "all").
 */

export type Comparator = "<" | "≤" | ">" | "≥" | "=";

export interface Comparison {
  op: Comparator;
  limit: number;
  /** As written in the target ("ms", "%", "×"); empty when the target gives none (the row's unit). */
  unit: string;
  /** The comparison as written, for the summary. */
  text: string;
}

export type Verdict =
  | { kind: "unchecked" }
  | { kind: "pass" | "fail"; results: { comparison: Comparison; ok: boolean }[] };

const OPS: Record<string, Comparator> = { "<": "<", "<=": "≤", "≤": "≤", ">": ">", ">=": "≥", "≥": "≥" };
const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const UNIT = String.raw`(%|×|x\b|[a-zA-Zµ]+(?:\/[a-zA-Z]+)?)?`;
const COMPARISON = new RegExp(String.raw`(<=|>=|[<>≤≥])\s*${NUMBER}\s*${UNIT}`, "g");
// A bare figure is an exact target ("100 %", "0 (no backlog)", "500") only when nothing but a
// parenthetical note follows it.
const EXACT = new RegExp(String.raw`^${NUMBER}\s*${UNIT}\s*(?:\([^)]*\))?$`);

const num = (s: string) => Number(s.replaceAll(",", ""));

/** Every comparison a target states; none for references, prose and approximate targets ("≈ 0"). */
export function parseTarget(target: string): Comparison[] {
  const text = target.trim();
  if (text === "" || /^reference\b/i.test(text)) return [];
  const exact = EXACT.exec(text);
  if (exact) return [{ op: "=", limit: num(exact[1] ?? ""), unit: exact[2] ?? "", text }];
  const out: Comparison[] = [];
  for (const m of text.matchAll(COMPARISON)) {
    const op = OPS[m[1] ?? ""];
    // "≥ 3× faster than …": a relation to something else, not a bound on this figure.
    const rest = text.slice((m.index ?? 0) + m[0].length);
    if (!op || /^\s*(faster|slower|more|less|of|than)\b/i.test(rest)) continue;
    out.push({ op, limit: num(m[2] ?? ""), unit: m[3] ?? "", text: m[0].trim() });
  }
  return out;
}

// Units a target may be written in, as a factor of a base unit per dimension.
const SCALE: Record<string, { dim: string; factor: number }> = {
  µs: { dim: "time", factor: 1e-6 },
  us: { dim: "time", factor: 1e-6 },
  ms: { dim: "time", factor: 1e-3 },
  s: { dim: "time", factor: 1 },
  min: { dim: "time", factor: 60 },
  b: { dim: "size", factor: 1 },
  kb: { dim: "size", factor: 1e3 },
  kib: { dim: "size", factor: 1024 },
  mb: { dim: "size", factor: 1e6 },
  mib: { dim: "size", factor: 2 ** 20 },
  gb: { dim: "size", factor: 1e9 },
  gib: { dim: "size", factor: 2 ** 30 },
  "%": { dim: "percent", factor: 1 },
  "×": { dim: "ratio", factor: 1 },
  x: { dim: "ratio", factor: 1 },
};

/**
 * The factor turning a limit in `targetUnit` into the row's unit, or undefined when they do not
 * measure the same thing. The row's unit is its first word ("% (303060 of 303060)" is "%").
 */
export function unitFactor(targetUnit: string, rowUnit: string): number | undefined {
  const row = (rowUnit.trim().split(/\s+/)[0] ?? "").toLowerCase();
  const target = targetUnit.toLowerCase();
  if (target === "" || target === row) return 1;
  const a = SCALE[target];
  const b = SCALE[row];
  if (!a || !b || a.dim !== b.dim) return undefined;
  return a.factor / b.factor;
}

function holds(value: number, op: Comparator, limit: number): boolean {
  switch (op) {
    case "<":
      return value < limit;
    case "≤":
      return value <= limit;
    case ">":
      return value > limit;
    case "≥":
      return value >= limit;
    case "=":
      return value === limit;
  }
}

/** Checks `value` (in `rowUnit`) against every comparison of `target` it can be compared with. */
export function checkTarget(value: number, rowUnit: string, target: string): Verdict {
  const results: { comparison: Comparison; ok: boolean }[] = [];
  for (const comparison of parseTarget(target)) {
    const factor = unitFactor(comparison.unit, rowUnit);
    if (factor === undefined || !Number.isFinite(value)) continue;
    results.push({ comparison, ok: holds(value, comparison.op, comparison.limit * factor) });
  }
  if (results.length === 0) return { kind: "unchecked" };
  return { kind: results.every((r) => r.ok) ? "pass" : "fail", results };
}

/** "pass", "fail", or for targets from several sources that disagree, which one was met. */
export function describeVerdict(verdict: Verdict): string {
  if (verdict.kind === "unchecked") return "–";
  const { results } = verdict;
  if (results.length === 1 || results.every((r) => r.ok === results[0]?.ok)) return verdict.kind;
  return results.map((r) => `${r.ok ? "pass" : "fail"} ${r.comparison.text}`).join("; ");
}
