import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectTargets, withSummary, writeBenchSummary } from "./bench-summary.js";
import { checkTarget, describeVerdict, parseTarget } from "./bench-targets.js";

const SAMPLE = `# Benchmarks

Intro text.

<!-- bench:hub ingest:start -->
## hub ingest

Measured 2026-11-25 on 2 × Test CPU, 8 GiB, Node v20. How.

| measurement | value | unit | target / reference |
| --- | --- | --- | --- |
| publish → dashboard p99 | 15.5 | ms | < 50 ms |
| stored | 20,557 | events/s | ≥ 20,000 |
| publish → PUBACK avg | 0.620 | ms | reference 9.31 ms |
| flush avg | 10.7 | ms |  |
<!-- bench:hub ingest:end -->

<!-- bench:e2e latency:start -->
## e2e latency

Measured 2026-11-26 on 2 × Test CPU, 8 GiB, Node v20. How.

| measurement | value | unit | target / reference |
| --- | --- | --- | --- |
| camera → dashboard p95 | 1,500 | ms | < 1000 ms (issue), < 2 s (seeds/002) |
| CPU per frame ÷ inference | 1.74 | × | ≤ 1.3× |
| rows stored ÷ sent | 100 | % (3 of 3) | 100 % |
| frame interval | 16.7 | ms | 16.7 ms at 60 Hz |
<!-- bench:e2e latency:end -->
`;

const options = { date: "2026-11-26", machine: "2 cores, Test CPU" };

describe("parseTarget / checkTarget", () => {
  it("reads bounds, exact figures and several sources; leaves prose and references alone", () => {
    expect(parseTarget("≥ 20,000")).toEqual([{ op: "≥", limit: 20_000, unit: "", text: "≥ 20,000" }]);
    expect(parseTarget("100 %")).toMatchObject([{ op: "=", limit: 100, unit: "%" }]);
    expect(parseTarget("0 (no backlog)")).toMatchObject([{ op: "=", limit: 0, unit: "" }]);
    expect(parseTarget("< 1000 ms (issue), < 2 s (seeds/002)").map((c) => c.text)).toEqual([
      "< 1000 ms",
      "< 2 s",
    ]);
    expect(parseTarget("≤ 60 ms, ≥ 3× faster than TF.js-WASM").map((c) => c.text)).toEqual(["≤ 60 ms"]);
    for (const prose of [
      "reference 9.31 ms",
      "16.7 ms at 60 Hz",
      "all",
      "≈ 0 (keeps up)",
      "≥ cameras + 4 (20)",
    ])
      expect(parseTarget(prose), prose).toEqual([]);
  });

  it("converts compatible units and skips incompatible ones", () => {
    expect(checkTarget(1500, "ms", "< 2 s").kind).toBe("pass");
    expect(checkTarget(2500, "ms", "< 2 s").kind).toBe("fail");
    expect(checkTarget(290, "KB", "≤ 0.3 MB").kind).toBe("pass");
    expect(checkTarget(50, "per s", "50/s").kind).toBe("unchecked");
    expect(checkTarget(27.8, "ms", "≤ 60 ms, ≥ 3× faster than TF.js-WASM").kind).toBe("pass");
    const mixed = checkTarget(1500, "ms", "< 1000 ms (issue), < 2000 ms (seeds/002)");
    expect(describeVerdict(mixed)).toBe("fail < 1000 ms; pass < 2000 ms");
  });
});

describe("bench summary", () => {
  it("collects every row with a target from every section, with a verdict where it can be checked", () => {
    const rows = collectTargets(SAMPLE);
    expect(rows.map((r) => [r.section, r.figure, r.result])).toEqual([
      ["hub ingest", "publish → dashboard p99", "pass"],
      ["hub ingest", "stored", "pass"],
      ["e2e latency", "camera → dashboard p95", "fail < 1000 ms; pass < 2 s"],
      ["e2e latency", "CPU per frame ÷ inference", "fail"],
      ["e2e latency", "rows stored ÷ sent", "pass"],
      ["e2e latency", "frame interval", "–"],
    ]);
  });

  it("puts one table above the sections with the machine and date, and replaces it when run again", () => {
    const once = withSummary(SAMPLE, options);
    expect(once.indexOf("## Summary")).toBeGreaterThan(once.indexOf("Intro text."));
    expect(once.indexOf("## Summary")).toBeLessThan(once.indexOf("## hub ingest"));
    expect(once).toContain("Summary of 2026-11-26 on 2 cores, Test CPU");
    expect(once).toContain("3 of 5 machine-checkable targets met");
    // Sections measured on another day than the summary carry their date.
    expect(once).toContain(
      "| publish → dashboard p99 | 15.5 | ms | < 50 ms | pass | hub ingest (2026-11-25) |",
    );
    expect(once).toContain("| rows stored ÷ sent | 100 | % (3 of 3) | 100 % | pass | e2e latency |");

    const twice = withSummary(once, options);
    expect(twice).toBe(once);
    const changed = withSummary(
      once.replaceAll("| 15.5 | ms | < 50 ms |", "| 75.0 | ms | < 50 ms |"),
      options,
    );
    expect(changed.match(/## Summary/g)).toHaveLength(1);
    expect(changed).toContain(
      "| publish → dashboard p99 | 75.0 | ms | < 50 ms | fail | hub ingest (2026-11-25) |",
    );
    expect(changed).toContain("2 of 5 machine-checkable targets met");
  });

  it("rewrites a file in place", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-summary-"));
    try {
      const path = join(dir, "benchmarks.md");
      writeFileSync(path, SAMPLE);
      expect(writeBenchSummary(path, options)).toHaveLength(6);
      const written = readFileSync(path, "utf8");
      expect(written).toBe(withSummary(SAMPLE, options));
      writeBenchSummary(path, options);
      expect(readFileSync(path, "utf8")).toBe(written);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("malformed rows", () => {
  it("a pipe left unescaped in a figure's text does not shift its columns", () => {
    const doc = SAMPLE.replace(
      "| flush avg | 10.7 | ms |  |",
      '| OCR read (expected "A | B") | 2 | lines: A | B | ≥ 2 |\n| escaped \\| pipe | 3 | ms | < 5 ms |',
    );
    const rows = collectTargets(doc).filter((r) => r.section === "hub ingest");
    expect(rows.slice(2).map((r) => [r.figure, r.value, r.unit, r.target, r.result])).toEqual([
      ['OCR read (expected "A | B")', "2", "lines: A | B", "≥ 2", "pass"],
      ["escaped \\| pipe", "3", "ms", "< 5 ms", "pass"],
    ]);
  });
});
