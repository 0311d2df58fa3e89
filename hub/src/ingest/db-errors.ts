/**
 * Which database failures are worth retrying. The batch writer must never drop an accepted event because
 * the database was briefly away, yet one row the database will never take (a NUL byte in a text column)
 * must not block every row behind it. So: data and constraint errors are about the rows ("permanent");
 * everything else — lost connections, deadlocks, a server restarting, a table being migrated — is about
 * the moment ("transient") and is retried with backoff until it passes.
 */

/** SQLSTATE of a driver error, looking through Drizzle's wrapper (`DrizzleQueryError.cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

// Programming errors inside a sink: retrying cannot fix them, so the rows are isolated like bad data.
const bugTypes = [TypeError, RangeError, ReferenceError, SyntaxError];

export function isPermanentDbError(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith("22") || state.startsWith("23");
  return bugTypes.some((type) => error instanceof type);
}

/** A short description for logs: the driver's message, never Drizzle's (it embeds every parameter). */
export function describeDbError(error: unknown): { code?: string; message: string } {
  let e: unknown = error;
  while (e && (e as { cause?: unknown }).cause && (e as Error).message?.startsWith("Failed query:")) {
    e = (e as { cause?: unknown }).cause;
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: sqlState(error), message: message.slice(0, 500) };
}
