import { existsSync } from "node:fs";
import { join } from "node:path";
import { BuildProgress } from "./build-progress.js";
import { REPO_ROOT } from "./demo-env.js";
import { turboBuild } from "./turbo-build.js";

// The build before `npm start` runs the demo: turbo builds every package (and the edge agent's build
// converts the models) while this prints what it is doing; with everything cached it prints one line.
// It imports nothing of the packages it builds, so it runs on a fresh checkout.

const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);

/** The repository's own turbo, so a run outside npm (no node_modules/.bin on PATH) finds it too. */
function turboBinary(): string {
  const local = join(REPO_ROOT, "node_modules", ".bin", "turbo");
  return existsSync(local) ? local : "turbo";
}

const progress = new BuildProgress(write(process.stdout), write(process.stderr));
try {
  const ok = await turboBuild({
    cwd: REPO_ROOT,
    turbo: turboBinary(),
    env: process.env,
    progress,
  });
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`[build] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
