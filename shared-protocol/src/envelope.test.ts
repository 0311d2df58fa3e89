import { describe, expect, it } from "vitest";
import { decodePayload } from "./codec.js";
import { epochMsSchema, MAX_EPOCH_MS } from "./envelope.js";
import { examples } from "./examples.js";

describe("epoch milliseconds", () => {
  it("accepts every instant up to 9999-12-31T23:59:59.999Z", () => {
    expect(new Date(MAX_EPOCH_MS).toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(epochMsSchema.safeParse(0).success).toBe(true);
    expect(epochMsSchema.safeParse(MAX_EPOCH_MS).success).toBe(true);
  });

  it("refuses instants a database timestamp or a JavaScript Date cannot hold", () => {
    for (const value of [MAX_EPOCH_MS + 1, 8.64e15, 9e15, Number.MAX_SAFE_INTEGER, -1]) {
      expect(epochMsSchema.safeParse(value).success, String(value)).toBe(false);
    }
  });

  it("makes a seat change stamped 8.64e15 a schema violation, whichever time field carries it", () => {
    for (const field of ["ts", "at", "capturedAt"] as const) {
      const result = decodePayload(
        "seatChange",
        JSON.stringify({ ...examples.seatChange, [field]: 8.64e15 }),
      );
      expect(result.ok, field).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe("SCHEMA_VIOLATION");
        expect(result.error.issues?.[0]?.path).toBe(field);
      }
    }
  });
});
