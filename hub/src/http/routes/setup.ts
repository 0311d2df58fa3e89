import { createRoute } from "@hono/zod-openapi";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { devices, enrollmentTokens, sites, users } from "../../db/schema/index.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireAdmin } from "../guards.js";
import { bearer, errors, json } from "../schemas/common.js";
import { SETUP_STEPS, type SetupStatus, SetupStatusSchema } from "../schemas/setup.js";

const setup = createRoute({
  method: "get",
  path: "/api/v1/setup",
  tags: ["setup"],
  summary: "First-run status: what a new admin still has to do (admin)",
  description:
    "Steps, in order: change the initial (one-time) password, create the first site, create an " +
    "enrolment token, see the first device online. The dashboard leads the admin to `nextStep`.",
  security: bearer,
  responses: { 200: json(SetupStatusSchema, "Counts and steps"), ...errors(401, 403) },
});

export function registerSetupRoutes(app: App, { database }: HttpDeps): void {
  app.openapi(setup, async (c) => {
    const admin = requireAdmin(c);
    return c.json(await setupStatus(database.db, admin.userId), 200);
  });
}

async function countOf(rows: Promise<{ n: number }[]>): Promise<number> {
  return (await rows)[0]?.n ?? 0;
}

export async function setupStatus(db: Db, userId: string): Promise<SetupStatus> {
  const active = eq(devices.status, "active");
  const [siteCount, first, deviceCount, onlineCount, tokenCount, flagged] = await Promise.all([
    countOf(db.select({ n: count() }).from(sites)),
    db.select({ id: sites.id }).from(sites).orderBy(asc(sites.id)).limit(1),
    countOf(db.select({ n: count() }).from(devices).where(active)),
    countOf(
      db
        .select({ n: count() })
        .from(devices)
        .where(and(active, eq(devices.online, true))),
    ),
    countOf(db.select({ n: count() }).from(enrollmentTokens)),
    db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.mustChangePassword, true), eq(users.disabled, false))),
  ]);
  const mustChangePassword = flagged.some((u) => u.id === userId);
  const done: Record<(typeof SETUP_STEPS)[number], boolean> = {
    "change-password": !mustChangePassword,
    "create-site": siteCount > 0,
    // A device enrolled from the command line with a token made elsewhere counts as well.
    "create-enrollment-token": tokenCount > 0 || deviceCount > 0,
    "device-online": onlineCount > 0,
  };
  const steps = SETUP_STEPS.map((id) => ({ id, done: done[id] }));
  return {
    sites: siteCount,
    firstSite: first[0]?.id ?? null,
    devices: deviceCount,
    devicesOnline: onlineCount,
    enrollmentTokens: tokenCount,
    mustChangePassword,
    usersMustChangePassword: flagged.length > 0,
    steps,
    nextStep: steps.find((s) => !s.done)?.id ?? null,
  };
}
