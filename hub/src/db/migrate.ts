import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client.js";

// Same relative depth from src/db and dist/db, so the committed SQL is found in both.
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** Applies pending migrations; safe to run on every start and from several instances. */
export async function runMigrations(database: Database): Promise<void> {
  const opts = { migrationsFolder: MIGRATIONS_DIR };
  await database.withMigrationLock(async () => {
    if (database.kind === "pglite") await migratePglite(database.db as never, opts);
    else await migratePostgres(database.db as never, opts);
  });
}
