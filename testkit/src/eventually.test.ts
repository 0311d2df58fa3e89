import { describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";

describe("eventually", () => {
  it("returns the first answer that is neither undefined nor false, treating throws as not yet", async () => {
    let calls = 0;
    const value = await eventually(
      "the third call",
      () => {
        calls += 1;
        if (calls === 1) throw new Error("server still starting");
        return calls === 2 ? false : { calls };
      },
      1_000,
      1,
    );
    expect(value).toEqual({ calls: 3 });
  });

  it("names what it waited for when time runs out", async () => {
    await expect(eventually("a seat to turn held", () => undefined, 30, 5)).rejects.toThrow(
      /timed out after 30 ms waiting for a seat to turn held/,
    );
  });
});
