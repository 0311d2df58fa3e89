import { describe, expect, it } from "vitest";
import { eventIdSchema, uuidv7, uuidv7Time } from "./ids.js";

describe("uuidv7", () => {
  it("produces valid v7 ids carrying their creation time", () => {
    const now = Date.now();
    const id = uuidv7(now);
    expect(eventIdSchema.safeParse(id).success).toBe(true);
    expect(uuidv7Time(id)).toBe(now);
  });

  it("sorts in creation order, even many within one millisecond and across a clock step back", () => {
    const t = Date.now() + 10_000;
    const ids = [
      ...Array.from({ length: 5000 }, () => uuidv7(t)),
      ...Array.from({ length: 10 }, () => uuidv7(t - 500)),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
