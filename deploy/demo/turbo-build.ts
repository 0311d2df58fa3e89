import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { BuildProgress } from "./build-progress.js";
import { type PlannedTask, readPlan } from "./turbo-plan.js";

export interface TurboBuildOptions {
  cwd: string;
  /** The turbo executable. */
  turbo: string;
  env: NodeJS.ProcessEnv;
  progress: BuildProgress;
  task?: string;
}

interface TaskResult {
  ok: boolean;
  /** Turbo ran the script (a cache miss), rather than replaying cached outputs. */
  built: boolean;
  ms: number;
  output: string[];
}

/**
 * Runs a turbo task package by package in dependency order, one `turbo run --filter=<pkg>` each, so
 * the launcher knows when each package starts and ends (one turbo run over everything only says when
 * a task starts). --filter keeps a package's dependencies in the run, so the cache keys are the ones
 * `npm run build` uses; they are cache hits by then and cost turbo a fraction of a second, unless a
 * source changed since: then turbo builds that dependency again first, and so does the report.
 */
export async function turboBuild(options: TurboBuildOptions): Promise<boolean> {
  const { progress, task = "build" } = options;
  const plan = await readPlan(options.turbo, task, options.cwd, options.env);
  progress.planned(plan);
  const ok = await inDependencyOrder(plan, async (t) => {
    const result = await runTask(t, task, options);
    if (result.ok) progress.finished(t.pkg, result.ms, result.built);
    else progress.failed(t.pkg, result.ms, result.output);
    return result.ok;
  });
  progress.finish(ok);
  return ok;
}

/**
 * Runs each task once its dependencies succeeded, one at a time: two turbo runs at once that both find
 * a dependency changed mid-build would both rebuild it into the same folder. After a failure nothing
 * more starts; a plan whose dependencies cannot all be met ends as a failure.
 */
async function inDependencyOrder(
  tasks: readonly PlannedTask[],
  run: (task: PlannedTask) => Promise<boolean>,
): Promise<boolean> {
  const pending = [...tasks];
  const done = new Set<string>();
  for (;;) {
    const index = pending.findIndex((t) => t.deps.every((d) => done.has(d)));
    if (index < 0) return pending.length === 0;
    const [next] = pending.splice(index, 1) as [PlannedTask];
    if (!(await run(next))) return false;
    done.add(next.id);
  }
}

function runTask(task: PlannedTask, name: string, options: TurboBuildOptions): Promise<TaskResult> {
  const args = ["run", name, `--filter=${task.pkg}`, "--output-logs=new-only", "--log-order=stream"];
  const child = spawn(options.turbo, [...args, "--no-color", "--no-update-notifier"], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { progress } = options;
  const output: string[] = [];
  // Turbo prefixes each task's lines with "<package>:<task>: ".
  const taskLine = new RegExp(`^(.+?):${name.replace(/[^\w-]/g, "\\$&")}: ?(.*)$`);
  let startedAt = performance.now();
  let built = false;
  // Dependencies turbo builds again inside this run; they are done once the package itself starts.
  const rebuilt = new Map<string, number>();
  const settleRebuilt = () => {
    for (const [pkg, t0] of rebuilt) progress.finished(pkg, performance.now() - t0, true);
    rebuilt.clear();
  };
  const read = (line: string) => {
    output.push(line);
    const [, pkg, text] = taskLine.exec(line) ?? [];
    if (pkg === undefined || text === undefined) return;
    const own = pkg === task.pkg;
    if (text.startsWith("cache miss, executing") && (own ? !built : !rebuilt.has(pkg))) {
      if (own) {
        settleRebuilt();
        built = true;
        startedAt = performance.now();
      } else rebuilt.set(pkg, performance.now());
      progress.started(pkg);
    } else if (own || rebuilt.has(pkg)) progress.buildLine(text);
  };
  createInterface({ input: child.stdout }).on("line", read);
  createInterface({ input: child.stderr }).on("line", read);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => resolve({ ok, built, ms: performance.now() - startedAt, output });
    child.once("error", (error) => {
      output.push(`cannot run ${options.turbo}: ${error.message}`);
      finish(false);
    });
    child.once("close", (code) => {
      if (code === 0) settleRebuilt();
      finish(code === 0);
    });
  });
}
