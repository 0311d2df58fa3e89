import { rm } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { and, inArray, isNotNull, lt, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { HubConfig } from "../config.js";
import type { Database, Db } from "../db/client.js";
import {
  accessLog,
  alerts,
  deviceCommands,
  enrollmentTokens,
  refreshTokens,
  snapshots,
} from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";

/**
 * A table of raw events a role stores, kept for `retention.eventDays` by the time in `at`; the
 * count of deleted rows is reported under `name`. With `path`, each row names a file (relative to the
 * data directory) that goes with it, counted under `<name>Files`.
 */
export interface EventRetention {
  name: string;
  table: PgTable;
  id: PgColumn;
  at: PgColumn;
  path?: PgColumn;
}

export interface RetentionCounts {
  snapshots: number;
  snapshotFiles: number;
  /** Rows deleted per role event table (EventRetention.name), e.g. seatEvents; files as gateCropsFiles. */
  [eventTable: string]: number;
  deviceCommands: number;
  accessLog: number;
  refreshTokens: number;
  enrollmentTokens: number;
  /** Resolved alerts older than the event retention; open alerts stay however old they are. */
  alerts: number;
}

export interface RetentionJob {
  /** One pass as of `now`; returns how many rows (and snapshot files) went. */
  runOnce(now?: Date): Promise<RetentionCounts>;
  /** Runs shortly after start, then every `intervalMs` (an hour); never keeps the process alive. */
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export interface RetentionJobOptions {
  database: Database;
  config: Pick<HubConfig, "retention">;
  logger: Logger;
  /** Snapshot and crop paths in the tables are relative to it; files outside it are never deleted. */
  dataDir: string;
  /** The roles' event tables (role table). */
  eventTables: readonly EventRetention[];
  intervalMs?: number;
  /** Delay of the first pass after start(), so start-up is not slowed by a large delete. */
  firstRunDelayMs?: number;
}

const DAY_MS = 24 * 3600 * 1000;
// Small batches keep each delete's locks short while ingest keeps writing to the same tables.
const BATCH = 1_000;
const FIRST_RUN_DELAY_MS = 30_000;

async function deleteBatched(db: Db, table: PgTable, id: PgColumn, where: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.select({ id }).from(table).where(where).limit(BATCH);
    const gone = await db.delete(table).where(inArray(id, batch)).returning({ id });
    total += gone.length;
    if (gone.length < BATCH) return total;
  }
}

/**
 * Deletes what the retention policy says is old: snapshots (rows and JPEG files) after
 * `retention.snapshotDays`, raw events (with their files, e.g. gate crops), command records and the access log after
 * `retention.eventDays`, and expired refresh and enrolment tokens. Hourly occupancy statistics are
 * aggregates and are kept, so history and statistics outlive the raw events they came from.
 */
export function createRetentionJob(options: RetentionJobOptions): RetentionJob {
  const { database, logger } = options;
  const { db } = database;
  const dataDir = resolve(options.dataDir);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function removeFile(path: string): Promise<boolean> {
    const full = resolve(dataDir, path);
    if (!full.startsWith(dataDir + sep)) {
      logger.warn({ path }, "stored file path lies outside the data directory; row deleted, file left alone");
      return false;
    }
    try {
      await rm(full);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        logger.warn({ err, path }, "could not delete a stored file");
      return false;
    }
  }

  /** Rows matching `where` with the files their `path` names; files first, per batch. */
  async function deleteWithFiles(
    table: PgTable,
    id: PgColumn,
    path: PgColumn,
    where: SQL,
  ): Promise<{ rows: number; files: number }> {
    let rows = 0;
    let files = 0;
    for (;;) {
      const batch = await db.select({ id, path }).from(table).where(where).limit(BATCH);
      if (batch.length === 0) return { rows, files };
      // Files first: if the process dies in between, the rows are still there to retry next time.
      for (const row of batch) if (await removeFile(String(row.path))) files += 1;
      const ids = batch.map((r) => r.id);
      rows += (await db.delete(table).where(inArray(id, ids)).returning({ id })).length;
      if (batch.length < BATCH) return { rows, files };
    }
  }

  async function deleteEvents(t: EventRetention, cutoff: Date): Promise<Record<string, number>> {
    if (!t.path) return { [t.name]: await deleteBatched(db, t.table, t.id, lt(t.at, cutoff)) };
    const gone = await deleteWithFiles(t.table, t.id, t.path, lt(t.at, cutoff));
    return { [t.name]: gone.rows, [`${t.name}Files`]: gone.files };
  }

  async function runOnce(now = new Date()): Promise<RetentionCounts> {
    const events = new Date(now.getTime() - options.config.retention.eventDays * DAY_MS);
    const snaps = await deleteWithFiles(
      snapshots,
      snapshots.id,
      snapshots.path,
      lt(snapshots.at, new Date(now.getTime() - options.config.retention.snapshotDays * DAY_MS)),
    );
    const roleCounts: Record<string, number> = {};
    for (const t of options.eventTables) Object.assign(roleCounts, await deleteEvents(t, events));
    const counts: RetentionCounts = {
      snapshots: snaps.rows,
      snapshotFiles: snaps.files,
      ...roleCounts,
      deviceCommands: await deleteBatched(
        db,
        deviceCommands,
        deviceCommands.id,
        lt(deviceCommands.createdAt, events),
      ),
      accessLog: await deleteBatched(db, accessLog, accessLog.id, lt(accessLog.at, events)),
      refreshTokens: await deleteBatched(
        db,
        refreshTokens,
        refreshTokens.id,
        lt(refreshTokens.expiresAt, now),
      ),
      enrollmentTokens: await deleteBatched(
        db,
        enrollmentTokens,
        enrollmentTokens.id,
        lt(enrollmentTokens.expiresAt, now),
      ),
      alerts: await deleteBatched(
        db,
        alerts,
        alerts.id,
        and(isNotNull(alerts.resolvedAt), lt(alerts.resolvedAt, events)) as SQL,
      ),
    };
    logger.info({ retention: counts }, "retention pass finished");
    return counts;
  }

  const pass = () => {
    if (running) return;
    running = runOnce()
      .catch((err) => logger.error({ err }, "retention pass failed; retrying at the next interval"))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setTimeout(function tick() {
        pass();
        timer = setTimeout(tick, options.intervalMs ?? 3600_000).unref();
      }, options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS).unref();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
