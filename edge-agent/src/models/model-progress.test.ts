import { describe, expect, it } from "vitest";
import { ModelProgress, seconds } from "./model-progress.js";

/** A progress report on a clock the test moves by hand. */
function harness() {
  const lines: string[] = [];
  let now = 1_000;
  const progress = new ModelProgress(
    (l) => lines.push(l),
    () => now,
  );
  return { lines, progress, advance: (ms: number) => (now += ms) };
}

describe("ModelProgress", () => {
  it("reports a model's work as it starts and ends, with both sizes and the time it took", () => {
    const { lines, progress, advance } = harness();
    const done = progress.begin("centernet", "converting", { label: "pkg models/c.json", bytes: 7_650_000 });
    expect(lines).toEqual(["[models] centernet: converting pkg models/c.json (7.7 MB)…"]);
    advance(41_250);
    done(7_420_000);
    expect(lines[1]).toBe("[models] centernet: converted, 7.7 MB → 7.4 MB in 41.3 s");
    progress.upToDate();
    advance(30_000);
    progress.finish("/cache");
    expect(lines[2]).toBe("[models] 1 model prepared, 1 already up to date in 1 min 11 s: /cache");
    expect(progress.counts).toEqual({ prepared: 1, current: 1 });
  });

  it("says one line when every model was already current", () => {
    const { lines, progress, advance } = harness();
    for (let i = 0; i < 5; i++) progress.upToDate();
    advance(420);
    progress.finish("/cache");
    expect(lines).toEqual(["[models] 5 models up to date in /cache (checked in 0.4 s)"]);
  });

  it("names a copy as copied and verified", () => {
    const { lines, progress } = harness();
    progress.begin("ppocr-det", "copying and verifying", { label: "ocr det.onnx", bytes: 4_700_000 })(
      4_700_000,
    );
    expect(lines[1]).toBe("[models] ppocr-det: copied and verified, 4.7 MB → 4.7 MB in 0.0 s");
  });
});

describe("seconds", () => {
  it("switches to minutes from one minute on", () => {
    expect(seconds(59_940)).toBe("59.9 s");
    expect(seconds(60_000)).toBe("1 min 0 s");
    expect(seconds(125_400)).toBe("2 min 5 s");
  });
});
