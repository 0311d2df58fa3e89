import { MAX_EPOCH_MS } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../errors/api-error.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

const ID = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c60";
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function refusal(text: string): string | null {
  try {
    decodeCursor(text);
    return null;
  } catch (err) {
    return err instanceof ApiError ? err.code : `not an ApiError: ${String(err)}`;
  }
}

describe("gate-log cursors", () => {
  it("round-trip every position a timestamp column can hold", () => {
    for (const ms of [0, Date.UTC(2025, 10, 24), MAX_EPOCH_MS]) {
      const at = new Date(ms);
      expect(decodeCursor(encodeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    }
  });

  it("refuse times a database cannot compare against, as a validation error", () => {
    for (const ms of [MAX_EPOCH_MS + 1, 8.64e15, Number.MAX_SAFE_INTEGER, -1, 1.5]) {
      expect(refusal(raw([ms, ID])), String(ms)).toBe("VALIDATION_FAILED");
    }
  });

  it("answer any garbage with VALIDATION_FAILED and never throw anything else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.jsonValue().map(raw),
          fc.tuple(fc.double(), fc.string()).map(raw),
        ),
        (text) => {
          const verdict = refusal(text);
          // A garbage string that happens to decode to a valid cursor is fine; anything else is a 400.
          expect(verdict === null || verdict === "VALIDATION_FAILED").toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
