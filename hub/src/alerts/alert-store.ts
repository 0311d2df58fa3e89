import { type HubAlert, uuidv7 } from "@sitewatch/shared-protocol";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { alerts, sites } from "../db/schema/index.js";
import type { StoredSite } from "./alert-facts.js";
import type { AnyAlertFamily } from "./alert-family.js";
import type { Condition } from "./alert-rules.js";

export type AlertRow = typeof alerts.$inferSelect;

/** An alert as REST returns it and `alert:raised` / `alert:resolved` push it: one shape, epoch ms. */
export function toHubAlert(row: AlertRow): HubAlert {
  return {
    id: row.id,
    site: row.siteId,
    kind: row.kind,
    subject: row.subject,
    since: row.since.getTime(),
    message: row.message,
    raisedAt: row.raisedAt.getTime(),
    ...(row.resolvedAt ? { resolvedAt: row.resolvedAt.getTime() } : {}),
    ...(row.acknowledgedAt ? { acknowledgedAt: row.acknowledgedAt.getTime() } : {}),
    ...(row.acknowledgedBy ? { acknowledgedBy: row.acknowledgedBy } : {}),
  };
}

export async function loadOpenAlerts(db: Db, site?: string): Promise<AlertRow[]> {
  const open = isNull(alerts.resolvedAt);
  return db
    .select()
    .from(alerts)
    .where(site === undefined ? open : and(eq(alerts.siteId, site), open))
    .orderBy(alerts.raisedAt);
}

/**
 * Every site's alert settings and, per registered family, the subjects alerts are derived from (each
 * family reads its own tables). Subjects of sites that do not exist are left out.
 */
export async function loadFacts(
  db: Db,
  families: readonly AnyAlertFamily[],
): Promise<Map<string, StoredSite>> {
  const [siteRows, loaded] = await Promise.all([
    db.select().from(sites),
    Promise.all(families.map((f) => f.load(db))),
  ]);
  const out = new Map<string, StoredSite>();
  for (const s of siteRows) {
    const settings = { heldMinutes: s.alertHeldMinutes, vacantHours: s.alertVacantHours };
    out.set(s.id, { settings, families: new Map(families.map((f) => [f.name, new Map()])) });
  }
  families.forEach((family, i) => {
    for (const { site, subject, stored } of loaded[i] ?? [])
      out.get(site)?.families.get(family.name)?.set(subject, stored);
  });
  return out;
}

/** Opens an alert; undefined when one is already open for the condition (raised elsewhere or earlier). */
export async function insertAlert(db: Db, c: Condition, raisedAt: number): Promise<AlertRow | undefined> {
  const [row] = await db
    .insert(alerts)
    .values({
      id: uuidv7(raisedAt),
      siteId: c.site,
      kind: c.kind,
      subject: c.subject,
      since: new Date(c.since),
      message: c.message,
      raisedAt: new Date(raisedAt),
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function findOpenAlert(db: Db, c: Condition): Promise<AlertRow | undefined> {
  const [row] = await db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.siteId, c.site),
        eq(alerts.kind, c.kind),
        eq(alerts.subject, c.subject),
        isNull(alerts.resolvedAt),
      ),
    );
  return row;
}

/** Closes an open alert; undefined when it was already closed (by another instance). */
export async function resolveAlert(db: Db, id: string, at: number): Promise<AlertRow | undefined> {
  const [row] = await db
    .update(alerts)
    .set({ resolvedAt: new Date(at) })
    .where(and(eq(alerts.id, id), isNull(alerts.resolvedAt)))
    .returning();
  return row;
}

export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

/**
 * Marks an alert of the site acknowledged. The first acknowledgement stands; repeating it changes
 * nothing (`changed` false). Resolved alerts can be acknowledged too, for the record.
 */
export async function acknowledgeAlert(
  db: Db,
  site: string,
  id: string,
  by: string,
  at: number,
): Promise<{ row: AlertRow; changed: boolean } | undefined> {
  const [updated] = await db
    .update(alerts)
    .set({ acknowledgedAt: new Date(at), acknowledgedBy: by })
    .where(and(eq(alerts.id, id), eq(alerts.siteId, site), isNull(alerts.acknowledgedAt)))
    .returning();
  if (updated) return { row: updated, changed: true };
  const [existing] = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.id, id), eq(alerts.siteId, site)));
  return existing ? { row: existing, changed: false } : undefined;
}
