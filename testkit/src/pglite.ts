import { PGlite } from "@electric-sql/pglite";
import { track } from "./cleanup.js";
import type { PgliteDatabase, Row } from "./service-types.js";

const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;

/**
 * Values come back and go in the way the `postgres` driver on the real server handles them, so a test that
 * passes on the fallback does not break on the real thing: int8 (count(*), bigserial) arrives as a string,
 * not a lossy number, and a json/jsonb parameter is always JSON-encoded, so pass objects, not JSON text.
 */
const DRIVER_PARSERS = { [INT8]: (value: string) => value };
const DRIVER_SERIALIZERS = {
  [JSON_OID]: (value: unknown) => JSON.stringify(value),
  [JSONB]: (value: unknown) => JSON.stringify(value),
};

/**
 * An in-memory PGlite (PostgreSQL compiled to WASM, running inside this process) behind the same surface as a
 * real server. It speaks real PostgreSQL SQL, but has no network listener, no `url`, and no concurrent
 * connections, so tests that need those must require `kind === "postgres"`.
 */
export async function startPglite(): Promise<PgliteDatabase> {
  const pglite = await PGlite.create({ parsers: DRIVER_PARSERS, serializers: DRIVER_SERIALIZERS });
  try {
    const version = await serverVersion(pglite);
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        untrack();
        if (!pglite.closed) await pglite.close();
      })();
      return stopping;
    };
    // Nothing outside this process to kill: the memory goes away with it.
    const untrack = track({ label: "pglite (in-memory)", stop, killSync: () => {} });
    return {
      kind: "pglite",
      pglite,
      version,
      async query<T extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
        const result = await pglite.query<T>(text, [...params]);
        return result.rows;
      },
      async exec(script: string): Promise<void> {
        await pglite.exec(script);
      },
      stop,
    };
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
}

async function serverVersion(pglite: PGlite): Promise<string> {
  const result = await pglite.query<{ server_version: string }>("SHOW server_version");
  const version = result.rows[0]?.server_version;
  if (version === undefined) throw new Error("testkit: PGlite did not report a server_version");
  return version;
}
