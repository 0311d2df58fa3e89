import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { devices } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { deviceKey } from "../device-registry.js";
import { type Column, recordsSelect } from "./records.js";

/** The highest sequence number a device's stored events reached. */
export interface SequenceRow {
  siteId: string;
  deviceId: string;
  seq: number;
}

const columns: Column<SequenceRow>[] = [
  { name: "site_id", type: "text", value: (r) => r.siteId },
  { name: "id", type: "text", value: (r) => r.deviceId },
  { name: "seq", type: "bigint", value: (r) => r.seq },
];

/** One row per device: the largest number of the batch. */
export function highestPerDevice(rows: readonly SequenceRow[]): SequenceRow[] {
  const top = new Map<string, SequenceRow>();
  for (const row of rows) {
    const key = `${row.siteId}\u0000${row.deviceId}`;
    const known = top.get(key);
    if (!known || row.seq > known.seq) top.set(key, row);
  }
  // A fixed order, so concurrent flushes lock device rows alike.
  return [...top.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}

/**
 * devices.last_seq, committed with the events it counts (an event is acknowledged only after both), so
 * a restarted hub knows where each device's numbering stood and still sees a gap that spans the
 * restart. It only moves forward; an agent that starts counting again is recognised by the tracker.
 */
export const sequenceSink: BatchSink<SequenceRow, Db> = {
  name: "device-sequence",
  async write(tx, rows) {
    await tx.execute(advanceLastSeqSql(rows));
  },
  oneStatement: true,
};

/** The update itself, also used as a CTE by sinks whose rows carry the sequence number already. */
export function advanceLastSeqSql(rows: readonly SequenceRow[]): SQL {
  return sql`update devices as d set last_seq = greatest(coalesce(d.last_seq, 0), v.seq)
      from (${recordsSelect(highestPerDevice(rows), columns)}) as v
      where d.site_id = v.site_id and d.id = v.id`;
}

/** Where each device's numbering stood when the hub last stored one of its events. */
export async function loadLastSequences(db: Db): Promise<Array<{ key: string; seq: number }>> {
  const rows = await db
    .select({ site: devices.siteId, device: devices.id, seq: devices.lastSeq })
    .from(devices);
  return rows.flatMap((r) => (r.seq === null ? [] : [{ key: deviceKey(r.site, r.device), seq: r.seq }]));
}
