import { PGlite } from "@electric-sql/pglite";
import type { RealPostgres } from "@sitewatch/testkit";
import { pgliteDir } from "./fault-hub.test-support.js";
import type { SteadyDevice } from "./steady-device.test-support.js";

export interface StoredEvents {
  ids: Set<string>;
  rows: number;
  distinctSeqs: number;
}

const QUERY =
  "select id::text as id, seq::text as seq from seat_events where site_id = $1 and device_id = $2";

type Rows = Array<{ id: string; seq: string }>;

function summarise(rows: Rows): StoredEvents {
  return {
    ids: new Set(rows.map((r) => r.id)),
    rows: rows.length,
    distinctSeqs: new Set(rows.map((r) => r.seq)).size,
  };
}

export async function storedInPostgres(
  pg: RealPostgres,
  site: string,
  device: string,
): Promise<StoredEvents> {
  return summarise(await pg.query<{ id: string; seq: string }>(QUERY, [site, device]));
}

/**
 * With an external broker the device's outbox drains when the BROKER has acknowledged everything; the
 * hub may still be draining the broker's queue. Reads until every expected event is there, or until
 * the count stops growing for `quietMs`.
 */
export async function storedWhenSettled(
  read: () => Promise<StoredEvents>,
  expected: number,
  quietMs = 10_000,
): Promise<StoredEvents> {
  let last = await read();
  let since = Date.now();
  while (last.ids.size < expected && Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 200));
    const next = await read();
    if (next.rows !== last.rows) since = Date.now();
    last = next;
  }
  return last;
}

/** Opens a stopped PGlite hub's database in this process and reads the device's events. */
export async function storedInPglite(dataDir: string, site: string, device: string): Promise<StoredEvents> {
  const db = await PGlite.create({ dataDir: pgliteDir(dataDir) });
  try {
    return summarise((await db.query<{ id: string; seq: string }>(QUERY, [site, device])).rows as Rows);
  } finally {
    await db.close();
  }
}

export interface FaultVerdict {
  emitted: number;
  stored: StoredEvents;
  /** Emitted (so in the device's outbox, so acknowledged in the end) but not in the database. */
  missing: number;
  /** Rows beyond one per event (same device sequence number twice). */
  duplicates: number;
  /** Stored events the test never heard of: appended right before a device kill, at most one per kill. */
  unheard: number;
  kills: number;
}

export function faultVerdict(device: SteadyDevice, stored: StoredEvents): FaultVerdict {
  return {
    emitted: device.emitted,
    stored,
    missing: [...device.ids].filter((id) => !stored.ids.has(id)).length,
    duplicates: stored.rows - stored.distinctSeqs,
    unheard: [...stored.ids].filter((id) => !device.ids.has(id)).length,
    kills: device.kills,
  };
}

export function describeVerdict(name: string, v: FaultVerdict): string {
  return (
    `fault ${name}: emitted ${v.emitted}, stored ${v.stored.rows}, missing ${v.missing}, ` +
    `duplicates ${v.duplicates}, unheard ${v.unheard}`
  );
}
