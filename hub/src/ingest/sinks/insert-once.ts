import { sql, type Table } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import type { BatchSink } from "../batch-writer.js";
import { byId, type Column, columnList, recordsSelect } from "./records.js";

/**
 * A sink for an insert-only table keyed by event id: a replayed event is simply not inserted again.
 * Rows go in id order so concurrent flushes lock alike.
 */
export function insertOnce<Row extends { id: string }>(
  table: Table,
  columns: readonly Column<Row>[],
): BatchSink<Row, Db> {
  const name = getTableConfig(table as Parameters<typeof getTableConfig>[0]).name;
  return {
    name,
    async write(tx, rows) {
      await tx.execute(
        sql`insert into ${sql.raw(name)} ${columnList(columns)} ${recordsSelect([...rows].sort(byId), columns)}
            on conflict do nothing`,
      );
    },
  };
}
