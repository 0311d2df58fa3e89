import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RealPostgres } from "@sitewatch/testkit";
import type { Metrics } from "../src/observability/metrics.js";
import { COMMIT_CHANNEL } from "./observers.js";

/**
 * A statement-level trigger on seat_events that NOTIFYs, per device, the sequence numbers each INSERT
 * really added (the transition table holds only new rows, so ON CONFLICT skips are not reported).
 * Postgres delivers the notification when the hub's flush transaction commits, which is the moment
 * "publish → row committed" should end. Benchmark-only: it lives in the throw-away database, not in
 * the hub's migrations, and costs one small aggregate per flush statement.
 */
export async function installCommitTrigger(pg: RealPostgres): Promise<void> {
  // One NOTIFY per statement ("<device> <seq>,<seq>;<device> …"); per device only if that would not
  // fit the 8,000-byte payload limit, so the trigger adds as little as possible to each flush.
  await pg.exec(`
    CREATE FUNCTION bench_notify_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      r record;
      payload text;
    BEGIN
      SELECT string_agg(device_id || ' ' || seqs, ';') INTO payload FROM (
        SELECT device_id, string_agg(seq::text, ',') AS seqs FROM bench_new_rows GROUP BY device_id
      ) per_device;
      IF payload IS NULL THEN
        RETURN NULL;
      ELSIF length(payload) < 7900 THEN
        PERFORM pg_notify('${COMMIT_CHANNEL}', payload);
      ELSE
        FOR r IN SELECT device_id, string_agg(seq::text, ',') AS seqs FROM bench_new_rows GROUP BY device_id LOOP
          PERFORM pg_notify('${COMMIT_CHANNEL}', r.device_id || ' ' || r.seqs);
        END LOOP;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER bench_seat_events_commit AFTER INSERT ON seat_events
      REFERENCING NEW TABLE AS bench_new_rows FOR EACH STATEMENT EXECUTE FUNCTION bench_notify_commit();
  `);
}

export interface StoredCounts {
  rows: number;
  distinctIds: number;
  distinctDeviceSeq: number;
}

/** What seat_events holds for a site: every event once, and no (device, seq) pair twice. */
export async function storedSeatEvents(pg: RealPostgres, site: string): Promise<StoredCounts> {
  const [row] = await pg.query<{ rows: number; ids: number; pairs: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids,
            count(DISTINCT (device_id, seq))::int AS pairs FROM seat_events WHERE site_id = $1`,
    [site],
  );
  return { rows: row?.rows ?? 0, distinctIds: row?.ids ?? 0, distinctDeviceSeq: row?.pairs ?? 0 };
}

export async function storedAttentionEvents(pg: RealPostgres, site: string): Promise<number> {
  const [row] = await pg.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM attention_events WHERE site_id = $1`,
    [site],
  );
  return row?.n ?? 0;
}

export interface FlushTotals {
  flushes: number;
  seconds: number;
  rows: number;
}

async function sumAndCount(metric: Metrics["flushSeconds"]): Promise<{ sum: number; count: number }> {
  const { values } = await metric.get();
  const pick = (suffix: string) => values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return { sum: pick("_sum"), count: pick("_count") };
}

/** The hub's own flush histograms, read in-process; subtract two readings to get one phase's share. */
export async function flushTotals(metrics: Metrics): Promise<FlushTotals> {
  const time = await sumAndCount(metrics.flushSeconds);
  const rows = await sumAndCount(metrics.flushRows);
  return { flushes: time.count, seconds: time.sum, rows: rows.sum };
}

/**
 * CPU seconds used so far by the test cluster's processes (postmaster and its backends), read from
 * /proc: with the hub and the load process measured separately, this completes the machine's picture.
 * Backends that exited between two readings drop out, so a phase's difference is a lower bound.
 */
export function postgresCpuSeconds(clusterDir: string): number {
  try {
    const postmaster = Number(
      readFileSync(join(clusterDir, "data", "postmaster.pid"), "utf8").split("\n")[0],
    );
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      // Fields after the parenthesised command name: state ppid … utime(14) stime(15), counted from 1.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      if (pid !== postmaster && Number(fields[1]) !== postmaster) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}
