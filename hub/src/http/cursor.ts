import { MAX_EPOCH_MS } from "@sitewatch/shared-protocol";
import { ApiError } from "../errors/api-error.js";

/** A position in a newest-first listing: the (at, id) of the last row the client has seen. */
export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients, so the pagination key can change without breaking them. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at.getTime(), c.id])).toString("base64url");
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [ms, id] = parsed as [unknown, unknown];
      if (
        typeof ms === "number" &&
        Number.isSafeInteger(ms) &&
        ms >= 0 &&
        // A forged cursor beyond year 9999 would reach the query as a Date PostgreSQL cannot parse.
        ms <= MAX_EPOCH_MS &&
        typeof id === "string" &&
        UUID.test(id)
      ) {
        return { at: new Date(ms), id };
      }
    }
  } catch {
    // fall through to the one error below
  }
  throw new ApiError(
    "VALIDATION_FAILED",
    "invalid cursor; pass back the nextCursor of a previous page unchanged",
  );
}
