import { getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import type { Db } from "../../db/client.js";

/**
 * Batch writes as `… select … from json_to_recordset($1::json) as t(a uuid, b text, …)`: a whole batch
 * travels as one JSON text parameter. The statement text is the same for every batch size (so the
 * server plans it once), a batch is never limited by the 65,535-parameter cap, and the hub's share of
 * the work is one native JSON.stringify — per-column arrays of strings, which the driver then escaped
 * element by element, cost the hub several times more CPU at 20,000 rows/s. Postgres and PGlite parse
 * it alike; JSON null becomes SQL NULL, a Date becomes its ISO text.
 */
/** Strings, finite numbers, booleans, Dates and JSON-able objects (for jsonb); null or undefined for SQL NULL. */
export type Cell = unknown;

export interface Column<Row> {
  name: string;
  /** SQL type of the column, e.g. "uuid", "timestamptz", "jsonb". */
  type: string;
  value: (row: Row) => Cell;
}

type ColumnKey<T extends Table> = keyof T["_"]["columns"] & string;

/**
 * Columns of a Drizzle table for `recordsSelect`: names and SQL types come from the schema (the one
 * description of the table); a column reads the row property of the same name unless `read` says
 * otherwise (a row shaped for its handler rather than for the table).
 */
export function tableColumns<T extends Table, Row>(
  table: T,
  keys: readonly ColumnKey<T>[],
  read: Partial<Record<ColumnKey<T>, (row: Row) => Cell>> = {},
): Column<Row>[] {
  const columns = getTableColumns(table);
  return keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`table has no column ${key}`);
    const value = read[key] ?? ((row: Row) => (row as Record<string, Cell>)[key]);
    return { name: column.name, type: column.getSQLType(), value };
  });
}

/** Event-id order: rows of concurrent flushes lock alike. */
export const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const identifier = /^[a-z_][a-z0-9_]*$/;
const sqlType = /^[a-z ]+(\[\])?$/;

/** `select t.a, t.b … from json_to_recordset($1::json) as t(a uuid, b text …)` over `rows`. */
export function recordsSelect<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): SQL {
  for (const c of columns) {
    if (!identifier.test(c.name) || !sqlType.test(c.type)) throw new Error(`bad column ${c.name}`);
  }
  const records = rows.map((row) => {
    const record: Record<string, Cell> = {};
    for (const c of columns) record[c.name] = c.value(row) ?? null;
    return record;
  });
  // An invalid Date throws a RangeError here, which the writer treats as bad data (isolated, dropped).
  const json = JSON.stringify(records);
  const names = columns.map((c) => `t.${c.name}`).join(", ");
  const defs = columns.map((c) => `${c.name} ${c.type}`).join(", ");
  return sql`select ${sql.raw(names)} from json_to_recordset(${json}::json) as t(${sql.raw(defs)})`;
}

/** Column list for `insert into table (…)`, in the same order as `recordsSelect`. */
export function columnList<Row>(columns: readonly Column<Row>[]): SQL {
  return sql.raw(`(${columns.map((c) => c.name).join(", ")})`);
}

/** Rows of a statement with `returning`, whichever driver ran it. */
export async function executeRows<T>(tx: Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
