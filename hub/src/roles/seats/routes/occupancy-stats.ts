import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { occupancyStats as os } from "../../../db/schema/index.js";

export interface StatsFilter {
  site: string;
  from: Date;
  to: Date;
  seat?: string;
  timezone: string;
}

/** Sums of the hourly roll-up over some group of rows. Milliseconds throughout. */
export interface Totals {
  occupiedMs: number;
  vacantMs: number;
  heldMs: number;
  unknownMs: number;
  entries: number;
  stays: number;
  stayMsTotal: number;
  heldIncidents: number;
}

const total = (col: SQL) => sql<number>`coalesce(sum(${col}), 0)::float8`.mapWith(Number);

const totals = {
  occupiedMs: total(sql`${os.occupiedMs}`),
  vacantMs: total(sql`${os.vacantMs}`),
  heldMs: total(sql`${os.heldMs}`),
  unknownMs: total(sql`${os.unknownMs}`),
  entries: total(sql`${os.entries}`),
  stays: total(sql`${os.stays}`),
  stayMsTotal: total(sql`${os.stayMsTotal}`),
  heldIncidents: total(sql`${os.heldIncidents}`),
};

function where(f: StatsFilter): SQL | undefined {
  return and(
    eq(os.siteId, f.site),
    gte(os.hour, f.from),
    lt(os.hour, f.to),
    f.seat ? eq(os.seatId, f.seat) : undefined,
  );
}

export async function siteTotals(db: Db, f: StatsFilter): Promise<Totals & { seats: number }> {
  const [row] = await db
    .select({ ...totals, seats: sql<number>`count(distinct ${os.seatId})::int`.mapWith(Number) })
    .from(os)
    .where(where(f));
  return row ?? { ...zero(), seats: 0 };
}

export async function seatTotals(db: Db, f: StatsFilter): Promise<(Totals & { seat: string })[]> {
  return db
    .select({ seat: os.seatId, ...totals })
    .from(os)
    .where(where(f))
    .groupBy(os.seatId)
    .orderBy(os.seatId);
}

/**
 * Totals per local hour or local day of the site. Grouping is by output position because the bucket
 * expression carries bound parameters, which Postgres would not recognise as equal in GROUP BY.
 */
export async function bucketTotals(
  db: Db,
  f: StatsFilter,
  bucket: "hour" | "day",
): Promise<(Totals & { startMs: number })[]> {
  const unit = bucket === "hour" ? sql.raw("'hour'") : sql.raw("'day'");
  const start =
    sql<number>`extract(epoch from (date_trunc(${unit}, ${os.hour} at time zone ${f.timezone}) at time zone ${f.timezone}))::float8 * 1000`.mapWith(
      Number,
    );
  return db
    .select({ startMs: start, ...totals })
    .from(os)
    .where(where(f))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

/** Totals per hour of the local day (0–23), across every day in the range: the basis of "peak hours". */
export async function hourOfDayTotals(db: Db, f: StatsFilter): Promise<(Totals & { hour: number })[]> {
  const hour = sql<number>`extract(hour from ${os.hour} at time zone ${f.timezone})::int`.mapWith(Number);
  return db
    .select({ hour, ...totals })
    .from(os)
    .where(where(f))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

/**
 * Totals per local weekday (0 = Monday … 6 = Sunday, ISO order) and hour of day: the heat map of peak
 * times. Only combinations with roll-up rows are returned.
 */
export async function weekdayHourTotals(
  db: Db,
  f: StatsFilter,
): Promise<(Totals & { weekday: number; hour: number })[]> {
  const local = sql`${os.hour} at time zone ${f.timezone}`;
  const weekday = sql<number>`(extract(isodow from ${local})::int - 1)`.mapWith(Number);
  const hour = sql<number>`extract(hour from ${local})::int`.mapWith(Number);
  return db
    .select({ weekday, hour, ...totals })
    .from(os)
    .where(where(f))
    .groupBy(sql`1, 2`)
    .orderBy(sql`1, 2`);
}

export function zero(): Totals {
  return {
    occupiedMs: 0,
    vacantMs: 0,
    heldMs: 0,
    unknownMs: 0,
    entries: 0,
    stays: 0,
    stayMsTotal: 0,
    heldIncidents: 0,
  };
}
