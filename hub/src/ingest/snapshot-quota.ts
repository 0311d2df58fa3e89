import { and, count, eq, gte } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { HubConfig } from "../config.js";
import type { Db } from "../db/client.js";
import { snapshots } from "../db/schema/index.js";

export type SnapshotQuotaLimits = NonNullable<HubConfig["ingest"]["snapshotQuota"]>;

/** The defaults of SNAPSHOT_QUOTA_* in config.ts, for configs built without them (tests, tools). */
export const defaultSnapshotQuota: SnapshotQuotaLimits = {
  bytesPerHour: 64 * 1024 * 1024,
  bytesPerDay: 256 * 1024 * 1024,
  files: 2_000,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Stored {
  at: number;
  bytes: number;
}

/** A table of stored pictures, one row per file, and what to call them in a refusal. */
export interface PictureTable {
  table: PgTable;
  siteId: PgColumn;
  deviceId: PgColumn;
  at: PgColumn;
  bytes: PgColumn;
  noun: string;
}

const snapshotTable: PictureTable = {
  table: snapshots,
  siteId: snapshots.siteId,
  deviceId: snapshots.deviceId,
  at: snapshots.at,
  bytes: snapshots.bytes,
  noun: "snapshot",
};

/**
 * How many snapshot bytes and files each device may have the hub store. Over a limit, new pictures
 * are refused and stored ones are kept: a picture someone asked for is never removed to make room for
 * another, and the retention job frees space as pictures age. Bytes count on the hub's clock per
 * process (seeded from the table on a device's first picture, so a restart does not reset them); the
 * file count is read from the table, so it holds across instances. Snapshots by default; another
 * table of pictures (gate crops) passes its own.
 */
export class SnapshotQuota {
  private readonly recent = new Map<string, Stored[]>();

  constructor(
    private readonly db: Db,
    private readonly limits: SnapshotQuotaLimits = defaultSnapshotQuota,
    private readonly now: () => number = Date.now,
    private readonly pictures: PictureTable = snapshotTable,
  ) {}

  /** Counts `bytes` against the device's quota and returns undefined, or says which limit refuses it. */
  async reserve(addr: { site: string; device: string }, bytes: number): Promise<string | undefined> {
    const key = `${addr.site}/${addr.device}`;
    const seeded = this.recent.has(key) ? undefined : await this.seed(addr);
    const p = this.pictures;
    const [files] = await this.db
      .select({ n: count() })
      .from(p.table)
      .where(and(eq(p.siteId, addr.site), eq(p.deviceId, addr.device)));
    // From here on synchronous, so two pictures of one device cannot both take the last room.
    const now = this.now();
    const stored = (this.recent.get(key) ?? seeded ?? []).filter((s) => s.at > now - DAY);
    this.recent.set(key, stored);
    if ((files?.n ?? 0) >= this.limits.files) {
      return `device ${key} already has ${files?.n} stored ${p.noun}s (limit ${this.limits.files})`;
    }
    const lastHour = stored.reduce((sum, s) => (s.at > now - HOUR ? sum + s.bytes : sum), 0);
    if (lastHour + bytes > this.limits.bytesPerHour) {
      return `device ${key} stored ${lastHour} ${p.noun} bytes in the last hour (limit ${this.limits.bytesPerHour})`;
    }
    const lastDay = stored.reduce((sum, s) => sum + s.bytes, 0);
    if (lastDay + bytes > this.limits.bytesPerDay) {
      return `device ${key} stored ${lastDay} ${p.noun} bytes in the last day (limit ${this.limits.bytesPerDay})`;
    }
    stored.push({ at: now, bytes });
    return undefined;
  }

  /** The device's pictures of the last day as stored, with their capture times capped at now. */
  private async seed(addr: { site: string; device: string }): Promise<Stored[]> {
    const now = this.now();
    const p = this.pictures;
    const rows = await this.db
      .select({ at: p.at, bytes: p.bytes })
      .from(p.table)
      .where(and(eq(p.siteId, addr.site), eq(p.deviceId, addr.device), gte(p.at, new Date(now - DAY))));
    // The columns are a timestamp and an integer in every picture table.
    return rows.map((r) => ({ at: Math.min((r.at as Date).getTime(), now), bytes: r.bytes as number }));
  }
}
