import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";

/**
 * Batch writes as `… select … from unnest($1::text[], $2::text[], …)`: one array parameter per column
 * instead of one parameter per value. The statement text is the same for every batch size (so the
 * server plans it once), a batch is never limited by the 65,535-parameter cap, and building it costs
 * a few parameters instead of thousands.
 *
 * Every array travels as text[] and is cast in SQL. That is deliberate: the postgres driver infers an
 * array's type from its first element (wrong for booleans), and Drizzle replaces the serializer of
 * timestamptz[] with an identity function; text[] is handled alike by postgres.js and PGlite.
 */
/** Strings, numbers, booleans, Dates and JSON-able objects (for jsonb); null or undefined for SQL NULL. */
export type Cell = unknown;

export interface Column<Row> {
  name: string;
  /** SQL type the text is cast to, e.g. "uuid", "timestamptz", "jsonb". */
  type: string;
  value: (row: Row) => Cell;
}

/** Text form of a value; an invalid Date throws a RangeError here, which the writer treats as bad data. */
export function toText(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  throw new TypeError(`cannot store a ${typeof value}`);
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/** `select t.a::uuid, t.b::text … from unnest($1::text[], $2::text[] …) as t(a, b …)` over `rows`. */
export function unnestSelect<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): SQL {
  for (const c of columns) {
    if (!identifier.test(c.name) || !/^[a-z ]+(\[\])?$/.test(c.type)) throw new Error(`bad column ${c.name}`);
  }
  const casts = columns.map((c) => `t.${c.name}::${c.type}`).join(", ");
  const arrays = sql.join(
    columns.map((c) => sql`${sql.param(rows.map((r) => toText(c.value(r))))}::text[]`),
    sql`, `,
  );
  return sql`select ${sql.raw(casts)} from unnest(${arrays}) as t(${sql.raw(columns.map((c) => c.name).join(", "))})`;
}

/** Column list for `insert into table (…)`, in the same order as `unnestSelect`. */
export function columnList<Row>(columns: readonly Column<Row>[]): SQL {
  return sql.raw(`(${columns.map((c) => c.name).join(", ")})`);
}

/** Rows of a statement with `returning`, whichever driver ran it. */
export async function executeRows<T>(tx: Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
