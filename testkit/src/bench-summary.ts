import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkTarget, describeVerdict } from "./bench-targets.js";

/**
 * The one table at the top of docs/benchmarks.md: every figure that has a target, from every section
 * the benchmarks wrote, with a pass/fail where the target can be checked by machine. `npm run bench`
 * runs it after the workspaces' benchmarks; it only reads their tables, so it never measures anything.
 */

export interface TargetRow {
  section: string;
  /** "Measured 2026-11-25" of the section, when it says. */
  measured?: string;
  figure: string;
  value: string;
  unit: string;
  target: string;
  result: string;
}

const START = "<!-- bench:summary:start -->";
const END = "<!-- bench:summary:end -->";
const DOC = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));

/**
 * figure, value, unit, target of a table row. Cells split on unescaped pipes; a pipe a benchmark left
 * unescaped inside its text ("expected \"CSQU 305438 3 | 22G1\"") makes extra cells, so the value is
 * the first numeric cell after the first, the target the last cell, and what lies between is joined back.
 */
function rowCells(line: string): [string, string, string, string] {
  const cells = line
    .trim()
    .replace(/^\||(?<!\\)\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
  if (cells.length <= 4) return [cells[0] ?? "", cells[1] ?? "", cells[2] ?? "", cells[3] ?? ""];
  const at = cells.findIndex((c, i) => i > 0 && i < cells.length - 2 && /^-?[\d,]+(\.\d+)?$/.test(c));
  const v = at < 0 ? 1 : at;
  const join = (part: string[]) => part.join(" | ");
  return [join(cells.slice(0, v)), cells[v] ?? "", join(cells.slice(v + 1, -1)), cells.at(-1) ?? ""];
}

/** Rows with a target from every `<!-- bench:NAME:start -->` section; references alone are not targets. */
export function collectTargets(doc: string): TargetRow[] {
  const rows: TargetRow[] = [];
  const sections = doc.matchAll(/<!-- bench:(.+?):start -->([\s\S]*?)<!-- bench:\1:end -->/g);
  for (const [, name, body = ""] of sections) {
    if (name === "summary") continue;
    const measured = /Measured (\d{4}-\d{2}-\d{2})/.exec(body)?.[1];
    for (const line of body.split("\n")) {
      if (!line.startsWith("|") || /^\|\s*(measurement|---)/.test(line)) continue;
      const [figure, value, unit, target] = rowCells(line);
      if (target === "" || /^reference\b/i.test(target)) continue;
      const verdict = checkTarget(Number(value.replaceAll(",", "")), unit, target);
      rows.push({
        section: name ?? "",
        measured,
        figure,
        value,
        unit,
        target,
        result: describeVerdict(verdict),
      });
    }
  }
  return rows;
}

export interface SummaryOptions {
  /** YYYY-MM-DD; defaults to today. */
  date?: string;
  /** Defaults to this machine, as os.cpus() reports it. */
  machine?: string;
}

export function machineDescription(): string {
  const list = cpus();
  return `${list.length} cores, ${list[0]?.model.trim() ?? "unknown CPU"}`;
}

/** The summary block, markers included. */
export function renderSummary(rows: TargetRow[], options: SummaryOptions = {}): string {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const checked = rows.filter((r) => r.result !== "–");
  const passed = checked.filter((r) => r.result === "pass").length;
  const escapePipes = (s: string) => s.replace(/(?<!\\)\|/g, "\\|");
  // A section measured on another day (or machine) than the summary says so, beside its name.
  const from = (r: TargetRow) =>
    r.measured && r.measured !== date ? `${r.section} (${r.measured})` : r.section;
  return [
    START,
    "## Summary",
    "",
    `Summary of ${date} on ${options.machine ?? machineDescription()}: every figure below that has a target, ` +
      `from the sections further down (each names the machine and day it was measured on). ` +
      `${passed} of ${checked.length} machine-checkable targets met; "–" means the target is prose, not a bound.`,
    "",
    "| figure | value | unit | target | result | section |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) => `| ${[r.figure, r.value, r.unit, r.target, r.result, from(r)].map(escapePipes).join(" | ")} |`,
    ),
    END,
  ].join("\n");
}

/** The document with its summary replaced, or inserted above the first section when it has none. */
export function withSummary(doc: string, options: SummaryOptions = {}): string {
  const summary = renderSummary(collectTargets(doc), options);
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from >= 0 && to > from) return doc.slice(0, from) + summary + doc.slice(to + END.length);
  const first = doc.indexOf("<!-- bench:");
  if (first < 0) return `${doc.trimEnd()}\n\n${summary}\n`;
  return `${doc.slice(0, first)}${summary}\n\n${doc.slice(first)}`;
}

/** Rewrites the summary of `path` (docs/benchmarks.md by default) in place; returns its rows. */
export function writeBenchSummary(path = DOC, options: SummaryOptions = {}): TargetRow[] {
  const doc = readFileSync(path, "utf8");
  writeFileSync(path, withSummary(doc, options));
  return collectTargets(doc);
}

// `tsx testkit/src/bench-summary.ts [path]`: what the root `npm run bench` calls last.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const path = process.argv[2] ? resolve(process.argv[2]) : DOC;
  const rows = writeBenchSummary(path);
  const failed = rows.filter((r) => r.result.includes("fail"));
  console.log(`bench summary: ${rows.length} figures with targets, ${failed.length} missed → ${path}`);
  for (const r of failed)
    console.log(`  missed: ${r.section} | ${r.figure}: ${r.value} ${r.unit} (target ${r.target})`);
}
