import { describe, expect, it } from "vitest";
import { BuildProgress, elapsed, shortName } from "../../demo/build-progress.js";
import { parseDryRun } from "../../demo/turbo-plan.js";

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  let now = 0;
  const progress = new BuildProgress(
    (l) => out.push(l),
    (l) => err.push(l),
    () => now,
  );
  return { out, err, progress, advance: (ms: number) => (now += ms) };
}

const task = (pkg: string, cached: boolean) => ({ id: `${pkg}#build`, pkg, deps: [], cached });

describe("BuildProgress", () => {
  it("stays at one line when nothing was built", () => {
    const { out, err, progress, advance } = harness();
    progress.planned([task("@sitewatch/hub", true), task("@sitewatch/edge-agent", true)]);
    progress.finished("@sitewatch/hub", 80, false);
    progress.finished("@sitewatch/edge-agent", 90, false);
    advance(900);
    progress.finish(true);
    expect(out).toEqual(["[build] up to date (0.9 s)"]);
    expect(err).toEqual([]);
  });

  it("names what a cold build has to do, then each package's start and end", () => {
    const { out, progress, advance } = harness();
    progress.planned([task("@sitewatch/hub", false), task("@sitewatch/shared-protocol", true)]);
    progress.started("@sitewatch/hub");
    progress.buildLine("> tsc -p tsconfig.build.json");
    progress.buildLine("[models] centernet: converting x (7.6 MB)…");
    advance(83_000);
    progress.finished("@sitewatch/hub", 83_000, true);
    progress.finished("@sitewatch/shared-protocol", 100, false);
    progress.finish(true);
    expect(out).toEqual([
      "[build] building 1 of 2 packages (hub); later starts reuse the result",
      "[build] hub: building…",
      "[models] centernet: converting x (7.6 MB)…",
      "[build] hub: built in 1 min 23 s",
      "[build] done in 1 min 23 s (1 built, 1 cached)",
    ]);
  });

  it("puts a failure and the package's whole output on stderr", () => {
    const { out, err, progress } = harness();
    progress.failed("@sitewatch/hub", 2_500, ["hub:build: src/x.ts(1,2): error TS2322", "more"]);
    progress.finish(false);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "[build] hub: failed after 2.5 s; its build output:",
      "hub:build: src/x.ts(1,2): error TS2322",
      "more",
      "[build] failed; fix the errors above and run npm start again",
    ]);
  });

  it("formats names and times for people", () => {
    expect(shortName("@sitewatch/edge-agent")).toBe("edge-agent");
    expect(shortName("plain")).toBe("plain");
    expect(elapsed(12_345)).toBe("12.3 s");
    expect(elapsed(3_600_000)).toBe("60 min 0 s");
  });
});

describe("parseDryRun", () => {
  it("keeps script tasks and passes dependencies on through packages without the script", () => {
    const t = (taskId: string, command: string, dependencies: string[], status = "MISS") => ({
      taskId,
      package: taskId.split("#")[0],
      command,
      dependencies,
      cache: { status },
    });
    const plan = parseDryRun(
      JSON.stringify({
        tasks: [
          t("proto#build", "tsc", [], "HIT"),
          t("kit#build", "<NONEXISTENT>", ["proto#build"]),
          t("hub#build", "tsc", ["proto#build", "kit#build"]),
        ],
      }),
    );
    expect(plan).toEqual([
      { id: "proto#build", pkg: "proto", deps: [], cached: true },
      { id: "hub#build", pkg: "hub", deps: ["proto#build"], cached: false },
    ]);
  });
});
