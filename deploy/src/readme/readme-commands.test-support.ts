import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root: where a new user types the README's commands. */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const isCommand = (text: string) => /^(npx|npm) /.test(text);

/**
 * The npm / npx commands the README shows, in order and once each: the lines of its ```sh blocks
 * (continuation lines joined, `# comments` dropped) and inline code spans that start with npm or npx.
 */
export function readmeCommands(markdown: string): string[] {
  const found: string[] = [];
  const fences = /```sh\n([\s\S]*?)```/g;
  for (const [, body = ""] of markdown.matchAll(fences))
    for (const line of body.replace(/\\\n\s*/g, "").split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      if (isCommand(command)) found.push(command);
    }
  // Inline spans may wrap across lines in the Markdown source; every fence goes first, or its backticks
  // would pair up with the spans'.
  const prose = markdown.replace(/```[a-z]*\n[\s\S]*?```/g, "");
  for (const [, span = ""] of prose.matchAll(/`([^`]+)`/g)) {
    const command = span.replace(/\s+/g, " ").trim();
    if (isCommand(command)) found.push(command);
  }
  return [...new Set(found)];
}

/** The first column of the README's hub command table: `create-admin --email E [--password P]`, … */
export function hubTableCommands(markdown: string): string[] {
  const section = markdown
    .split("### Hub commands")[1]
    ?.split("\n\n")
    .find((part) => part.startsWith("|"));
  return [...(section ?? "").matchAll(/^\| `([a-z][^`]*)`/gm)].map(([, command = ""]) => command);
}

export const readme = (): string => readFileSync(`${REPO_ROOT}/README.md`, "utf8");

/**
 * `command` with each `from` replaced by `to`: the README's placeholders (a hub address, a token, a
 * file name) swapped for the test's real ones. A `from` the command lacks is an error, so the test
 * notices when the README changes under it.
 */
export function adapt(command: string, swaps: [from: string, to: string][]): string {
  return swaps.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`README command "${command}" has no "${from}" any more`);
    return text.replace(from, to);
  }, command);
}

export interface ShellRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ShellOptions {
  env?: Record<string, string>;
  /** Typed into stdin at once, then stdin is closed (closed at once without it). */
  input?: string;
  timeoutMs?: number;
}

// Offline: a bin that is not linked makes npx ask the registry for a package of that name (the 404 a
// new user saw); here that fails at once instead of reaching the network.
const shellEnv = (env: Record<string, string> = {}) => ({
  ...process.env,
  npm_config_offline: "true",
  ...env,
});

/** Spawns `command` through sh in the repository root, in its own process group. */
export function spawnFromRoot(command: string, env?: Record<string, string>): ChildProcess {
  return spawn("sh", ["-c", command], { cwd: REPO_ROOT, env: shellEnv(env), detached: true });
}

/** Runs `command` as a user would type it in the repository root; a failing command is a result. */
export function runFromRoot(command: string, options: ShellOptions = {}): Promise<ShellRun> {
  const child = spawnFromRoot(command, options.env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin?.end(options.input ?? "");
  const timer = setTimeout(() => stopGroup(child, "SIGKILL"), options.timeoutMs ?? 60_000);
  return new Promise((done) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Signals the whole group (sh, npm, the node it runs); the group may be gone already. */
export function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already exited
  }
}

export interface Workspace {
  dir: string;
  name: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

/** The root package (dir ".") and every workspace, with their scripts and bins. */
export function workspaces(): Workspace[] {
  const root = readJson(`${REPO_ROOT}/package.json`);
  return [".", ...(root.workspaces as string[])].map((dir) => {
    const pkg = readJson(`${REPO_ROOT}/${dir}/package.json`);
    return {
      dir,
      name: String(pkg.name),
      scripts: (pkg.scripts ?? {}) as Record<string, string>,
      bin: (pkg.bin ?? {}) as Record<string, string>,
    };
  });
}
