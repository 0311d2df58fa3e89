import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

type Graph = Map<string, string[]>;

const SRC = import.meta.dirname;
const isTest = (file: string) => /\.(test|test-support)\.ts$/.test(file);

/**
 * Every relative import of every .ts file under `root`, type-only ones included: a type import still
 * ties two files together (the circle this test was written for was one). TypeScript's own scanner
 * reads them, so comments and strings cannot fool it. Unresolved specifiers are left to tsc.
 */
function importGraph(root: string): Graph {
  const graph: Graph = new Map();
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => join(root, f));
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, ".ts"))
      .filter((target) => existsSync(target));
    graph.set(relative(root, file), [...new Set(targets.map((t) => relative(root, t)))]);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan): each is an import circle. */
function importCircles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const circle: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      circle.push(w);
    }
    if (circle.length > 1) circles.push(circle.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

/** Top-level folders that import each other (files at the root count as their own unit). */
function twoWayFolders(graph: Graph): string[] {
  const unit = (file: string) => file.split("/")[0] as string;
  const edges = new Set<string>();
  for (const [from, targets] of graph) {
    for (const to of targets) if (unit(from) !== unit(to)) edges.add(`${unit(from)} -> ${unit(to)}`);
  }
  const pairs = [...edges]
    .map((e) => e.split(" -> ") as [string, string])
    .filter(([a, b]) => a < b && edges.has(`${b} -> ${a}`))
    .map(([a, b]) => `${a} <-> ${b}`);
  return pairs.sort();
}

/** Two-way folder pairs tolerated for now; empty, and a new one fails the test. */
const KNOWN_TWO_WAY: string[] = [];

describe("hub/src import structure", () => {
  const graph = importGraph(SRC);

  it("reads the real tree", () => {
    expect(graph.get("hub.ts")).toContain("events/domain-events.ts");
  });

  it("has no import circle", () => {
    expect(importCircles(graph).map((c) => c.join(" <-> "))).toEqual([]);
  });

  it("has no folders that import each other, tests aside", () => {
    const production: Graph = new Map(
      [...graph]
        .filter(([file]) => !isTest(file))
        .map(([f, targets]) => [f, targets.filter((t) => !isTest(t))]),
    );
    expect(twoWayFolders(production)).toEqual(KNOWN_TWO_WAY);
  });

  it("finds a circle and a two-way pair when there is one", () => {
    const bad: Graph = new Map([
      ["a/x.ts", ["a/y.ts"]],
      ["a/y.ts", ["b/z.ts"]],
      ["b/z.ts", ["a/x.ts"]],
      ["c.ts", ["a/x.ts"]],
    ]);
    expect(importCircles(bad)).toEqual([["a/x.ts", "a/y.ts", "b/z.ts"]]);
    expect(twoWayFolders(bad)).toEqual(["a <-> b"]);
    expect(
      importCircles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toEqual([]);
  });
});
