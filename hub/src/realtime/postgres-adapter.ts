import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { ServerOptions } from "socket.io";
import type { Logger } from "../observability/logger.js";

export interface PostgresAdapterOptions {
  /** `postgres://…` of the hub's system of record; ignored when `pool` is given. */
  url?: string;
  /** A `pg` pool to use instead of opening one; the caller then owns (and ends) it. */
  pool?: pg.Pool;
  logger: Logger;
  /** NOTIFY channel prefix; instances must agree on it to share rooms. */
  channelPrefix?: string;
}

export interface PostgresAdapterHandle {
  /** Pass as `adapter` to createSocketServer. */
  adapter: NonNullable<ServerOptions["adapter"]>;
  /** Ends the pool if this module opened it; call after the Socket.IO server is closed. */
  close(): Promise<void>;
}

// Broadcasts over ~8 kB (seat snapshots, frames) do not fit in a NOTIFY payload: the adapter stores
// them in this table and notifies the row id. The adapter deletes old rows itself.
const ATTACHMENTS_TABLE = "socket_io_attachments";

/**
 * Lets several hub instances share Socket.IO rooms through Postgres LISTEN/NOTIFY, so a dashboard on
 * one instance receives what ingest on another broadcast. Needs a real Postgres server (PGlite has no
 * cross-process NOTIFY); the `postgres` driver cannot be used because the adapter is written for `pg`.
 */
export async function createPostgresAdapter(options: PostgresAdapterOptions): Promise<PostgresAdapterHandle> {
  if (!options.pool && !options.url) throw new Error("createPostgresAdapter needs a url or a pool");
  const owned = options.pool ? undefined : new pg.Pool({ connectionString: options.url, max: 4 });
  const pool = options.pool ?? (owned as pg.Pool);
  // An idle pooled client that loses its server must not crash the process with an unhandled 'error'.
  const onPoolError = (err: Error) => options.logger.warn({ err }, "socket adapter pool error");
  pool.on("error", onPoolError);
  try {
    // Not part of the Drizzle schema: it exists only in Postgres deployments and only this adapter uses it.
    await pool.query(`
      CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
        id bigserial PRIMARY KEY,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  } catch (err) {
    // Two instances starting together can both try to create it; the loser's error is harmless.
    const code = (err as { code?: string }).code;
    if (code !== "23505" && code !== "42P07") {
      await owned?.end().catch(() => {});
      throw err;
    }
  }
  const adapter = createAdapter(pool, {
    tableName: ATTACHMENTS_TABLE,
    channelPrefix: options.channelPrefix ?? "sitewatch-socket",
    errorHandler: (err) => options.logger.warn({ err }, "socket adapter error"),
  });
  return {
    adapter,
    async close() {
      await owned?.end();
      pool.off("error", onPoolError);
    },
  };
}
