import { spawn } from "node:child_process";
import { z } from "zod";

/** One package's build as turbo plans it, reduced to what the build step schedules by. */
export interface PlannedTask {
  id: string;
  /** The package name, which turbo's --filter and its log prefix both use. */
  pkg: string;
  /** The tasks (ids) that must have finished first; packages without the script are left out. */
  deps: string[];
  /** Turbo already holds its outputs for these exact inputs. */
  cached: boolean;
}

// Only the fields read here; turbo's dry-run JSON has many more.
const dryRunSchema = z.object({
  tasks: z.array(
    z.object({
      taskId: z.string(),
      package: z.string(),
      command: z.string(),
      dependencies: z.array(z.string()),
      cache: z.object({ status: z.string() }),
    }),
  ),
});

/** Turbo's marker for a package that has no script of that name: nothing runs for it. */
const NO_SCRIPT = "<NONEXISTENT>";

/**
 * The tasks of `turbo run <task> --dry=json` that run a script. A package without the script still
 * passes its own dependencies on, so a dependent waits for everything that really builds below it.
 */
export function parseDryRun(json: string): PlannedTask[] {
  const { tasks } = dryRunSchema.parse(JSON.parse(json));
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const realDeps = (ids: readonly string[], seen = new Set<string>()): string[] =>
    ids.flatMap((id) => {
      const task = byId.get(id);
      if (!task || seen.has(id)) return [];
      seen.add(id);
      return task.command === NO_SCRIPT ? realDeps(task.dependencies, seen) : [id];
    });
  return tasks
    .filter((t) => t.command !== NO_SCRIPT)
    .map((t) => ({
      id: t.taskId,
      pkg: t.package,
      deps: [...new Set(realDeps(t.dependencies))],
      cached: t.cache.status === "HIT",
    }));
}

/** Asks turbo for its plan without running anything (a fraction of a second). */
export function readPlan(
  turbo: string,
  task: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<PlannedTask[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(turbo, ["run", task, "--dry=json", "--no-update-notifier"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`turbo --dry=json failed (code ${code}):\n${stderr}${stdout}`));
      try {
        resolve(parseDryRun(stdout));
      } catch (error) {
        reject(new Error(`cannot read turbo's plan: ${(error as Error).message}\n${stderr}`));
      }
    });
  });
}
