import { uuidv7 } from "@sitewatch/shared-protocol";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { sites, userSites, users } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import { hashPassword } from "./passwords.js";
import type { Principal } from "./principal.js";

export type Role = "admin" | "site_manager";

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  /** Sites a site manager may see; ignored for admins, who see every site. */
  sites?: readonly string[];
  displayName?: string;
  /** For one-time passwords (invitations): the person must choose their own at first login. */
  mustChangePassword?: boolean;
}

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  sites: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}

export const MIN_PASSWORD_LENGTH = 8;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user (REST and `hub create-admin`). Duplicate e-mail → CONFLICT; unknown site → VALIDATION_FAILED. */
export async function createUser(db: Db, input: NewUser): Promise<UserView> {
  const email = normaliseEmail(input.email);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError("VALIDATION_FAILED", `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const siteIds = input.role === "admin" ? [] : [...new Set(input.sites ?? [])];
  await assertSitesExist(db, siteIds);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing.length > 0) throw new ApiError("CONFLICT", `a user with e-mail ${email} already exists`);
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  const displayName = input.displayName?.trim() || email.split("@")[0] || email;
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({
        id,
        email,
        displayName,
        passwordHash,
        role: input.role,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning();
    if (siteIds.length > 0)
      await tx.insert(userSites).values(siteIds.map((siteId) => ({ userId: id, siteId })));
    return inserted;
  });
  if (!row) throw new Error("user insert returned no row");
  return { ...pickView(row), sites: siteIds };
}

export async function assertSitesExist(db: Db, siteIds: readonly string[]): Promise<void> {
  if (siteIds.length === 0) return;
  const found = await db
    .select({ id: sites.id })
    .from(sites)
    .where(inArray(sites.id, [...siteIds]));
  const known = new Set(found.map((s) => s.id));
  const missing = siteIds.filter((s) => !known.has(s));
  if (missing.length > 0) throw new ApiError("VALIDATION_FAILED", `unknown site(s): ${missing.join(", ")}`);
}

/** The caller as the REST layer sees it; null when the user is gone or disabled. */
export async function loadPrincipal(
  db: Db,
  userId: string,
  via: Principal["via"],
  scope: Principal["scope"] = "admin",
): Promise<Principal | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabled) return null;
  if (user.role === "admin")
    return { userId: user.id, email: user.email, role: "admin", sites: "all", via, scope };
  const rows = await db
    .select({ siteId: userSites.siteId })
    .from(userSites)
    .where(eq(userSites.userId, userId));
  const sites = rows.map((r) => r.siteId);
  return { userId: user.id, email: user.email, role: user.role, sites, via, scope };
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.select().from(users).orderBy(users.email);
  const links = await db.select().from(userSites);
  const byUser = new Map<string, string[]>();
  for (const l of links) byUser.set(l.userId, [...(byUser.get(l.userId) ?? []), l.siteId]);
  return rows.map((u) => ({ ...pickView(u), sites: (byUser.get(u.id) ?? []).sort() }));
}

export async function getUser(db: Db, id: string): Promise<UserView | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) return null;
  const links = await db.select({ siteId: userSites.siteId }).from(userSites).where(eq(userSites.userId, id));
  return { ...pickView(row), sites: links.map((l) => l.siteId).sort() };
}

export async function updateUser(
  db: Db,
  id: string,
  patch: {
    role?: Role;
    sites?: readonly string[];
    disabled?: boolean;
    displayName?: string;
    password?: string;
    /** With a new password: whether it is a one-time one; without, the flag is left alone. */
    mustChangePassword?: boolean;
  },
): Promise<UserView | null> {
  if (patch.sites) await assertSitesExist(db, patch.sites);
  if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError("VALIDATION_FAILED", `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  const found = await db.transaction(async (tx) => {
    const set = {
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.displayName ? { displayName: patch.displayName } : {}),
      ...(passwordHash ? { passwordHash, mustChangePassword: patch.mustChangePassword ?? false } : {}),
    };
    const rows =
      Object.keys(set).length > 0
        ? await tx
            .update(users)
            .set(set)
            .where(eq(users.id, id))
            .returning({ id: users.id, role: users.role })
        : await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, id));
    const user = rows[0];
    if (!user) return false;
    if (patch.sites || user.role === "admin") {
      // Admins see every site, so stale site links would only confuse a later demotion.
      await tx.delete(userSites).where(eq(userSites.userId, id));
      const keep = user.role === "admin" ? [] : [...new Set(patch.sites ?? [])];
      if (keep.length > 0) await tx.insert(userSites).values(keep.map((siteId) => ({ userId: id, siteId })));
    }
    return true;
  });
  return found ? getUser(db, id) : null;
}

function pickView(u: typeof users.$inferSelect): Omit<UserView, "sites"> {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt,
  };
}
