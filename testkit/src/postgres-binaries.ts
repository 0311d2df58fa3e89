import { execFile, execFileSync } from "node:child_process";
import { chown } from "node:fs/promises";
import { basename, join } from "node:path";
import { findBinary, findBinDir, isExecutable, versionedDirsNewestFirst } from "./find-binary.js";

export interface PostgresBinaries {
  readonly binDir: string;
  readonly initdb: string;
  readonly pgCtl: string;
}

const SERVER_TOOLS = ["initdb", "pg_ctl", "postgres"] as const;

/** Debian/Ubuntu keep server binaries per major version here and only put client tools on PATH. */
const DEBIAN_ROOT = "/usr/lib/postgresql";

/**
 * Locates initdb, pg_ctl and postgres in one directory: an explicit `binDir`, else PATH, else the newest
 * Debian-style version dir. Returns undefined when there is no server to run, which means "fall back".
 */
export function findPostgresBinaries(binDir?: string): PostgresBinaries | undefined {
  let dir: string | undefined;
  if (binDir !== undefined) {
    // An explicit directory is a decision, not a guess: silently using PGlite instead would hide the typo.
    const missing = SERVER_TOOLS.filter((tool) => !isExecutable(join(binDir, tool)));
    if (missing.length > 0) throw new Error(`testkit: ${missing.join(", ")} not found in binDir ${binDir}`);
    dir = binDir;
  } else {
    dir = findBinDir(
      SERVER_TOOLS,
      versionedDirsNewestFirst(DEBIAN_ROOT).map((versionDir) => join(versionDir, "bin")),
    );
  }
  if (dir === undefined) return undefined;
  return { binDir: dir, initdb: join(dir, "initdb"), pgCtl: join(dir, "pg_ctl") };
}

export interface RunOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
}

/** Runs Postgres tools as a user Postgres agrees to run as. */
export interface PostgresRunner {
  /** The system user the server runs as, or undefined when that is simply us. */
  readonly user: string | undefined;
  /** Hands a directory we created to that user, since initdb and the server must own their files. */
  own(path: string): Promise<void>;
  /** Runs a tool and resolves with its stdout; rejects with its stderr in the message. */
  run(command: string, args: readonly string[], options: RunOptions): Promise<string>;
}

/**
 * PostgreSQL refuses to start as root, and CI containers run as root, so there the tools run as the
 * `postgres` system user (created by the distribution package). Anyone else runs them directly.
 */
export function postgresRunner(user = "postgres"): PostgresRunner {
  if (process.getuid?.() !== 0) {
    return {
      user: undefined,
      own: async () => {},
      run: (command, args, options) => exec(command, args, options),
    };
  }
  const uid = lookupId(user, "-u");
  const gid = lookupId(user, "-g");
  const runuser = findBinary("runuser", ["/usr/sbin", "/sbin"]);
  const asUser = (command: string, args: readonly string[]): [string, string[]] =>
    runuser !== undefined
      ? [runuser, ["-u", user, "--", command, ...args]]
      : // su exists everywhere but takes one shell command line, not an argv.
        ["su", [user, "-s", "/bin/sh", "-c", [command, ...args].map(shellQuote).join(" ")]];
  return {
    user,
    own: (path) => chown(path, uid, gid),
    run: (command, args, options) => {
      const [wrapper, wrappedArgs] = asUser(command, args);
      return exec(wrapper, wrappedArgs, options, describe(command, args));
    },
  };
}

function lookupId(user: string, flag: "-u" | "-g"): number {
  try {
    return Number.parseInt(execFileSync("id", [flag, user], { encoding: "utf8" }).trim(), 10);
  } catch {
    throw new Error(
      `testkit: running as root, but there is no '${user}' system user to run PostgreSQL as ` +
        "(PostgreSQL refuses to run as root). Install the postgresql package or create the user " +
        `(useradd --system ${user}).`,
    );
  }
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** "pg_ctl start", "initdb": what a failure message should name, whichever wrapper actually ran it. */
function describe(command: string, args: readonly string[]): string {
  const sub = args[0];
  return sub !== undefined && !sub.startsWith("-") ? `${basename(command)} ${sub}` : basename(command);
}

function exec(
  command: string,
  args: readonly string[],
  options: RunOptions,
  shownAs = describe(command, args),
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const status = error.killed ? `killed after ${options.timeoutMs} ms` : `exit ${String(error.code)}`;
        const detail = (stderr.trim() || stdout.trim() || error.message).slice(-4_000);
        reject(new Error(`testkit: ${shownAs} failed (${status}): ${detail}`));
      },
    );
  });
}
