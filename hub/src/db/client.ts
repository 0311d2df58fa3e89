import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { HubConfig } from "../config.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** Drizzle over either driver; repositories only use what both support. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for logs: a directory or a URL without its password. */
  describe: string;
  /** Runs `fn` while holding a cluster-wide lock, so concurrent hub instances migrate one at a time. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Arbitrary constant shared by every hub instance: the advisory lock id for migrations.
const MIGRATION_LOCK_ID = 736_145_001;

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Opens the configured database. PGlite needs no server; Postgres uses the `postgres` driver. */
export async function openDatabase(config: HubConfig["database"]): Promise<Database> {
  if (config.kind === "pglite") {
    if (config.dir !== "memory://") mkdirSync(config.dir, { recursive: true });
    const client = await PGlite.create(config.dir === "memory://" ? undefined : config.dir);
    return {
      db: drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db,
      kind: "pglite",
      describe: `PGlite in ${config.dir}`,
      // PGlite is single-process, so there is nobody to race with.
      withMigrationLock: (fn) => fn(),
      close: () => client.close(),
    };
  }
  // Named, so pg_stat_activity (and an operator killing sessions) can tell the hub's connections apart.
  const client = postgres(config.url, {
    max: 10,
    onnotice: () => {},
    connection: { application_name: "sitewatch-hub" },
  });
  return {
    db: drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db,
    kind: "postgres",
    describe: `PostgreSQL at ${redact(config.url)}`,
    withMigrationLock: async (fn) => {
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
        conn.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}
