import { count } from "drizzle-orm";
import { newSecret } from "./auth/passwords.js";
import { createUser } from "./auth/users.js";
import type { Db } from "./db/client.js";
import { users } from "./db/schema/index.js";
import type { Logger } from "./observability/logger.js";

export const INITIAL_ADMIN_EMAIL = "admin@sitewatch.local";

/**
 * A fresh hub has no accounts, so nobody could log in to create one. On first start it makes an admin
 * with a random password and prints it once; `hub create-admin` sets a new one at any time.
 */
export async function ensureInitialAdmin(
  db: Db,
  logger: Logger,
): Promise<{ email: string; password: string } | null> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return null;
  const password = newSecret("admin").slice(0, 24);
  await createUser(db, {
    email: INITIAL_ADMIN_EMAIL,
    password,
    role: "admin",
    displayName: "Administrator",
    sites: [],
    // The printed password sits in logs: the dashboard makes the admin replace it before anything else.
    mustChangePassword: true,
  });
  logger.warn(
    { email: INITIAL_ADMIN_EMAIL },
    `first start: created admin account ${INITIAL_ADMIN_EMAIL} with password ${password} — change it with 'hub create-admin'`,
  );
  return { email: INITIAL_ADMIN_EMAIL, password };
}
