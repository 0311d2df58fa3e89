import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The CLI from its sources through tsx, as a child process: exit codes, stderr lines and TTY
// behaviour are what an installer sees, and no build is needed before the test.
const here = dirname(fileURLToPath(import.meta.url));
const main = resolve(here, "../cli/main.ts");
const tsx = resolve(here, "../../../node_modules/tsx/dist/loader.mjs");
/** argv that runs the CLI from source, for tests that need the child process itself (signals). */
export const cliArgv = (args: string[]): string[] => ["--import", tsx, main, ...args];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** Text piped to stdin at once (stdin is then closed). */
  input?: string;
  /**
   * Answers typed into a real pseudo-terminal: each answer is sent once its prompt (regex) has appeared
   * on the terminal since the previous answer. Uses util-linux `script`, since node-pty is not available.
   */
  dialogue?: [prompt: RegExp, answer: string][];
  timeoutMs?: number;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function runCli(args: string[], opts: RunOptions): Promise<CliRun> {
  const argv = [process.execPath, "--import", tsx, main, ...args];
  const child = opts.dialogue
    ? spawn("script", ["-qfec", argv.map(quote).join(" "), "/dev/null"], { cwd: opts.cwd })
    : spawn(argv[0] ?? "node", argv.slice(1), { cwd: opts.cwd });
  let stdout = "";
  let stderr = "";
  let seen = 0;
  const dialogue = [...(opts.dialogue ?? [])];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const next = dialogue[0];
    if (next?.[0].test(stdout.slice(seen))) {
      dialogue.shift();
      seen = stdout.length;
      child.stdin.write(`${next[1]}\r`);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else if (!opts.dialogue) child.stdin.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  return new Promise((done) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      done({ code: code ?? 1, stdout, stderr });
    });
  });
}
