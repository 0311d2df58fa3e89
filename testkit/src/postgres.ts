import { rmSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { track } from "./cleanup.js";
import { getFreePort, LOCALHOST } from "./free-port.js";
import { killPostmasterSync } from "./kill-sync.js";
import { startPglite } from "./pglite.js";
import { findPostgresBinaries, type PostgresBinaries, postgresRunner } from "./postgres-binaries.js";
import type { RealPostgres, Row, TestDatabase } from "./service-types.js";

export interface StartPostgresOptions {
  /** Database created for the test; default `sitewatch_test`. */
  database?: string;
  /** Use in-memory PGlite even when a server is installed, to exercise the fallback path on purpose. */
  forcePglite?: boolean;
  /** Directory with initdb, pg_ctl and postgres; default: PATH, then /usr/lib/postgresql/<newest>/bin. */
  binDir?: string;
  /** Budget for initdb and for the server to accept connections; default 60 s (slow CI disks). */
  startTimeoutMs?: number;
  /**
   * Keep `synchronous_commit` on, so a COMMIT that returned survives a crash of the server (fault
   * tests). fsync stays off either way: a killed server's writes are in the OS page cache.
   */
  durableCommits?: boolean;
}

/**
 * C locale: sorting and case rules do not depend on which locales the host happens to have installed.
 * No fsync during initdb: the cluster is thrown away anyway.
 */
const INITDB_FLAGS = ["--locale=C", "--no-sync"];

/** Another process can take the port between us picking it and the server binding it; a fresh port fixes that. */
const BIND_ATTEMPTS = 3;

/**
 * Starts a throw-away PostgreSQL server in a temp dir, listening on 127.0.0.1 only, with one empty database.
 * Without installed server binaries it falls back to in-memory PGlite and says so once on stderr.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestDatabase> {
  if (options.forcePglite === true) {
    console.warn("testkit: using in-memory PGlite instead of a PostgreSQL server (forcePglite option)");
    return startPglite();
  }
  const binaries = findPostgresBinaries(options.binDir);
  if (binaries === undefined) {
    console.warn(
      "testkit: no PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or in " +
        "/usr/lib/postgresql/*/bin; falling back to in-memory PGlite. Install postgresql to test against a real server.",
    );
    return startPglite();
  }
  return startServer(binaries, options);
}

async function startServer(binaries: PostgresBinaries, options: StartPostgresOptions): Promise<RealPostgres> {
  const database = options.database ?? "sitewatch_test";
  // Interpolated into CREATE DATABASE; a plain identifier needs no quoting rules.
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`testkit: invalid database name ${database}`);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const runner = postgresRunner();
  const dir = await mkdtemp(join(tmpdir(), "sitewatch-pg-"));
  const dataDir = join(dir, "data");
  const killSync = () => {
    killPostmasterSync(dataDir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  let stop: (() => Promise<void>) | undefined;
  // Tracked from the first byte on disk, so a failed or interrupted start leaves nothing behind either;
  // stopAll() gets the graceful stop once there is one.
  const untrack = track({
    label: `postgres (${dir})`,
    stop: () => stop?.() ?? Promise.resolve(killSync()),
    killSync,
  });

  try {
    await runner.own(dir);
    const initdbArgs = ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", ...INITDB_FLAGS];
    await runner.run(binaries.initdb, initdbArgs, { cwd: dir, timeoutMs });
    await appendFile(join(dataDir, "postgresql.conf"), serverSettings(dir, options.durableCommits === true));

    const logFile = join(dir, "postgres.log");
    let port = 0;
    for (let attempt = 1; port === 0; attempt++) {
      const candidate = await getFreePort();
      // Emptied, not recreated: the file belongs to the server's user, who must keep writing to it.
      await truncate(logFile).catch(() => {});
      const waitSeconds = String(Math.ceil(timeoutMs / 1000));
      const portOption = `-p ${candidate}`;
      const startArgs = ["start", "-w", "-t", waitSeconds, "-D", dataDir, "-l", logFile, "-o", portOption];
      try {
        await runner.run(binaries.pgCtl, startArgs, { cwd: dir, timeoutMs: timeoutMs + 5_000 });
        port = candidate;
      } catch (error) {
        const log = await readFile(logFile, "utf8").catch(() => "");
        if (attempt < BIND_ATTEMPTS && /could not bind|address already in use/i.test(log)) continue;
        throw new Error(`${(error as Error).message}\n--- postgres.log ---\n${log.slice(-4_000)}`, {
          cause: error,
        });
      }
    }

    const admin = postgres({
      host: LOCALHOST,
      port,
      user: "postgres",
      database: "postgres",
      max: 1,
      onnotice: () => {},
    });
    try {
      await admin.unsafe(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end({ timeout: 5 });
    }

    const url = `postgres://postgres@${LOCALHOST}:${port}/${database}`;
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    const [row] = await sql<{ server_version: string }[]>`SHOW server_version`;
    if (row === undefined) throw new Error("testkit: PostgreSQL did not report a server_version");

    let stopping: Promise<void> | undefined;
    stop = (): Promise<void> => {
      stopping ??= (async () => {
        await sql.end({ timeout: 5 }).catch(() => {});
        const stopArgs = ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"];
        // pg_ctl fails when the server already died; signalling it directly then covers both cases.
        await runner
          .run(binaries.pgCtl, stopArgs, { cwd: dir, timeoutMs: 35_000 })
          .catch(() => killPostmasterSync(dataDir));
        await rm(dir, { recursive: true, force: true, maxRetries: 3 });
        untrack();
      })();
      return stopping;
    };

    return {
      kind: "postgres",
      url,
      host: LOCALHOST,
      port,
      database,
      sql,
      dir,
      binDir: binaries.binDir,
      version: row.server_version,
      async query<T extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
        const rows = await sql.unsafe(text, [...params] as postgres.ParameterOrJSON<never>[]);
        return [...rows] as unknown as T[];
      },
      async halt(mode: "immediate" | "fast"): Promise<void> {
        const args = ["stop", "-D", dataDir, "-m", mode, "-w", "-t", "30"];
        await runner.run(binaries.pgCtl, args, { cwd: dir, timeoutMs: 35_000 });
      },
      async resume(): Promise<void> {
        const waitSeconds = String(Math.ceil(timeoutMs / 1000));
        const args = ["start", "-w", "-t", waitSeconds, "-D", dataDir, "-l", logFile, "-o", `-p ${port}`];
        await runner.run(binaries.pgCtl, args, { cwd: dir, timeoutMs: timeoutMs + 5_000 });
      },
      async exec(script: string): Promise<void> {
        // The simple protocol is the one that accepts several statements in one string.
        await sql.unsafe(script).simple();
      },
      stop,
    };
  } catch (error) {
    untrack();
    killSync();
    throw error;
  }
}

/** Appended to postgresql.conf: reachable from this machine only, and durability traded for speed. */
function serverSettings(dir: string, durableCommits: boolean): string {
  const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return [
    "",
    "# Added by @sitewatch/testkit for a throw-away test cluster.",
    `listen_addresses = ${quoted(LOCALHOST)}`,
    // Inside the temp dir: parallel servers never collide on /var/run/postgresql, which may not even exist.
    `unix_socket_directories = ${quoted(dir)}`,
    "fsync = off",
    `synchronous_commit = ${durableCommits ? "on" : "off"}`,
    "full_page_writes = off",
    "",
  ].join("\n");
}
