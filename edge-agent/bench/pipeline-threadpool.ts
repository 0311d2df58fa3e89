import { spawn } from "node:child_process";

/**
 * libuv fixes its threadpool size when the pool first starts, long before any bench code runs, so the
 * comparison with the default pool needs a second process: this script run again with this flag.
 */
export const DEFAULT_POOL_FLAG = "--default-threadpool";
const RESULT_PREFIX = "RESULT ";

export interface DefaultPoolResult {
  perSecond: number;
  lagGrowthMs: number;
  dropped: number;
}

/** What the child prints for its parent. */
export function printResult(result: DefaultPoolResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

/** Runs `script` again without UV_THREADPOOL_SIZE (libuv's default of 4) and returns what it measured. */
export function runWithDefaultThreadpool(
  script: string,
  args: readonly string[],
): Promise<DefaultPoolResult> {
  const env = { ...process.env };
  delete env.UV_THREADPOOL_SIZE;
  // execArgv carries tsx's loader, so the child runs the TypeScript source the same way.
  const child = spawn(process.execPath, [...process.execArgv, script, DEFAULT_POOL_FLAG, ...args], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = output.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`default-threadpool run failed (exit ${code}): ${output.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as DefaultPoolResult);
    });
  });
}

/**
 * Runs this bench again, output mirrored, with `env`: the environment `edge-agent run` restarts itself with
 * (threadpool size, malloc arenas), which only takes effect in a new process. Resolves with its exit code.
 */
export function rerunWithAgentEnv(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env,
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
