import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { loadDemoEnv, REPO_ROOT } from "./demo-env.js";

// `npm run reset`: deletes the demo's data (hub database, agent state, logs, demo logins).

const DEMO_ENTRIES = ["hub", "agent", "logs", "demo-credentials.json"];

function main(): number {
  const { paths } = loadDemoEnv();
  // The default (./data) is always inside the repository; a mistyped SITEWATCH_DATA_DIR must not
  // point the deletion at the repository or anything containing it.
  const fromRoot = relative(paths.root, REPO_ROOT);
  if (!fromRoot.startsWith("..") && !isAbsolute(fromRoot)) {
    process.stderr.write(`refusing to reset ${paths.root}: it contains the repository\n`);
    return 1;
  }
  if (!existsSync(paths.root)) {
    process.stdout.write(`nothing to reset: ${paths.root} does not exist\n`);
    return 0;
  }
  // Only what the demo itself created goes, so a data dir pointed at a shared folder loses nothing else.
  const removed = DEMO_ENTRIES.filter((name) => existsSync(join(paths.root, name)));
  for (const name of removed) rmSync(join(paths.root, name), { recursive: true, force: true });
  const left = readdirSync(paths.root);
  if (left.length === 0) rmdirSync(paths.root);
  if (removed.length === 0) process.stdout.write(`nothing to reset in ${paths.root}\n`);
  for (const name of removed) process.stdout.write(`removed ${join(paths.root, name)}\n`);
  if (left.length > 0) process.stdout.write(`kept ${paths.root}: it also holds ${left.join(", ")}\n`);
  process.stdout.write("the next npm start provisions the demo afresh\n");
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
