import type { PlannedTask } from "./turbo-plan.js";

export type Write = (line: string) => void;

/**
 * Lines of a package build that a person waiting on `npm start` should see although the rest of the
 * build's output stays hidden: the model preparation's progress (its tag is MODEL_LINE_TAG in
 * edge-agent/src/models/model-progress.ts; the build step cannot import the agent it is building).
 */
export const SHOWN_BUILD_LINE = /^\[models\] /;

/** "@sitewatch/hub" → "hub": the scope is the same for every package and only adds width. */
export const shortName = (pkg: string): string => pkg.replace(/^@[^/]+\//, "");

export function elapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * What `npm start` says about its build, as plain lines (the same on a terminal and in a CI log):
 * nothing but one closing line when turbo had every package cached, otherwise a line per package
 * as it starts and ends, the model lines in between, and the full output of a package that fails.
 */
export class BuildProgress {
  private built = 0;
  private cached = 0;
  private readonly startedAt: number;

  constructor(
    private readonly out: Write,
    private readonly err: Write,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.startedAt = clock();
  }

  /** Turbo's plan: when something must be built, say how much before the first slow step. */
  planned(tasks: readonly PlannedTask[]): void {
    const stale = tasks.filter((t) => !t.cached).map((t) => shortName(t.pkg));
    if (stale.length === 0) return;
    const of = stale.length === tasks.length ? "all" : `${stale.length} of ${tasks.length}`;
    this.out(`[build] building ${of} packages (${stale.join(", ")}); later starts reuse the result`);
  }

  started(pkg: string): void {
    this.out(`[build] ${shortName(pkg)}: building…`);
  }

  finished(pkg: string, ms: number, built: boolean): void {
    if (!built) {
      this.cached += 1;
      return;
    }
    this.built += 1;
    this.out(`[build] ${shortName(pkg)}: built in ${elapsed(ms)}`);
  }

  /** A failed package: everything turbo printed for it, compiler errors included. */
  failed(pkg: string, ms: number, output: readonly string[]): void {
    this.err(`[build] ${shortName(pkg)}: failed after ${elapsed(ms)}; its build output:`);
    for (const line of output) this.err(line);
  }

  /** A line from a package's build output; only the ones meant for the person waiting are shown. */
  buildLine(text: string): void {
    if (SHOWN_BUILD_LINE.test(text)) this.out(text);
  }

  finish(ok: boolean): void {
    const total = elapsed(this.clock() - this.startedAt);
    if (!ok) this.err("[build] failed; fix the errors above and run npm start again");
    else if (this.built === 0) this.out(`[build] up to date (${total})`);
    else this.out(`[build] done in ${total} (${this.built} built, ${this.cached} cached)`);
  }
}
