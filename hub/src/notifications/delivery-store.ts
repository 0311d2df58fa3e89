import { type HubAlert, uuidv7 } from "@sitewatch/shared-protocol";
import { and, asc, count, desc, eq, inArray, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { notificationDeliveries as d } from "../db/schema/index.js";
import type { DeliveryEvent, DeliveryRow } from "./channel-config.js";
import type { SendOutcome } from "./channel-sender.js";

export interface NewDelivery {
  siteId: string;
  channelId: string;
  event: DeliveryEvent;
  alert: HubAlert | null;
}

/**
 * Queues deliveries due at once. A second enqueue of the same channel, alert and event (another hub
 * instance, a repeated bus event) is dropped by the unique index, so each event goes out once.
 */
export async function enqueueDeliveries(
  db: Db,
  rows: readonly NewDelivery[],
  now: number,
): Promise<DeliveryRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(d)
    .values(
      rows.map((r) => ({
        id: uuidv7(now),
        siteId: r.siteId,
        channelId: r.channelId,
        alertId: r.alert?.id ?? null,
        event: r.event,
        alert: r.alert,
        status: "pending" as const,
        nextAttemptAt: new Date(now),
        createdAt: new Date(now),
      })),
    )
    .onConflictDoNothing()
    .returning();
}

/**
 * Claims up to `limit` due deliveries and counts the attempt. The claim is a lease: the next attempt
 * time moves `leaseMs` ahead, so a hub that dies mid-send leaves the row to be tried again after it,
 * and SKIP LOCKED keeps two instances from claiming the same row.
 */
export async function claimDue(db: Db, now: number, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
  const due = db
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.status, "pending"), lte(d.nextAttemptAt, new Date(now))))
    .orderBy(asc(d.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(d)
    .set({ attempt: sql`${d.attempt} + 1`, nextAttemptAt: new Date(now + leaseMs) })
    .where(and(inArray(d.id, due), eq(d.status, "pending")))
    .returning();
}

/** Records an attempt: sent, failed for good, or (with `retryAt`) pending again until then. */
export async function recordAttempt(
  db: Db,
  id: string,
  outcome: SendOutcome,
  now: number,
  retryAt: number | null,
): Promise<void> {
  const responseCode = outcome.responseCode ?? null;
  if (outcome.ok) {
    await db
      .update(d)
      .set({ status: "sent", responseCode, lastError: null, finishedAt: new Date(now) })
      .where(eq(d.id, id));
    return;
  }
  const lastError = outcome.error.slice(0, 500);
  await db
    .update(d)
    .set(
      retryAt === null
        ? { status: "failed", responseCode, lastError, finishedAt: new Date(now) }
        : { responseCode, lastError, nextAttemptAt: new Date(retryAt) },
    )
    .where(eq(d.id, id));
}

export async function countPending(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(d).where(eq(d.status, "pending"));
  return row?.n ?? 0;
}

/** A newest-first page of a site's delivery log, optionally of one channel. */
export async function listDeliveries(
  db: Db,
  site: string,
  options: { channel?: string; before?: { at: Date; id: string }; limit: number },
): Promise<DeliveryRow[]> {
  const { before } = options;
  return db
    .select()
    .from(d)
    .where(
      and(
        eq(d.siteId, site),
        options.channel ? eq(d.channelId, options.channel) : undefined,
        before
          ? or(lt(d.createdAt, before.at), and(eq(d.createdAt, before.at), lt(d.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(options.limit);
}

/**
 * Keeps the log bounded: finished deliveries older than `maxAgeMs` go, and of the rest each channel
 * keeps its newest `maxRowsPerChannel` (so one noisy channel cannot push out another's history).
 * Pending ones stay whatever their age: they are the queue.
 */
export async function pruneDeliveries(
  db: Db,
  now: number,
  limits: { maxAgeMs: number; maxRowsPerChannel: number },
): Promise<void> {
  await db.delete(d).where(and(ne(d.status, "pending"), lt(d.createdAt, new Date(now - limits.maxAgeMs))));
  const ranked = sql`select ${d.id} as id, row_number() over (partition by ${d.channelId} order by ${d.createdAt} desc, ${d.id} desc) as n from ${d} where ${d.status} <> 'pending'`;
  await db
    .delete(d)
    .where(sql`${d.id} in (select id from (${ranked}) ranked where n > ${limits.maxRowsPerChannel})`);
}
