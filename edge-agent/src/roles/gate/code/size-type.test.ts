import { describe, expect, it } from "vitest";
import { describeSizeType, isValidSizeType, sizeTypeAlphabet } from "./size-type.js";
import { readSizeType, sizeTypeNear } from "./size-type-read.js";
import { toRegion } from "./text-region.js";

describe("ISO 6346 size and type codes", () => {
  it("accepts the common codes", () => {
    for (const code of [
      "22G1",
      "45G1",
      "42G1",
      "22R1",
      "45R1",
      "22U1",
      "22T0",
      "42P1",
      "L5G1",
      "25G1",
      "22V0",
      "22B0",
    ]) {
      expect(isValidSizeType(code), code).toBe(true);
    }
  });

  it("rejects unassigned lengths, heights, groups and detail digits", () => {
    for (const code of [
      "72G1",
      "Z2G1",
      "27G1",
      "2XG1",
      "22X1",
      "22G9",
      "22R5",
      "22V1",
      "22G",
      "22G1A",
      "22g1",
    ]) {
      expect(isValidSizeType(code), code).toBe(false);
    }
  });

  it("describes what a code means", () => {
    expect(describeSizeType("45G1")).toEqual({
      code: "45G1",
      length: "40 ft",
      height: "9 ft 6 in",
      group: "general purpose",
    });
    expect(describeSizeType("22R1")?.group).toMatch(/refrigerated/);
  });

  it("lists the characters each position may hold", () => {
    expect(sizeTypeAlphabet(0)).toContain("L");
    expect(sizeTypeAlphabet(1)).toContain("5");
    expect(sizeTypeAlphabet(2)).toContain("G");
    expect(sizeTypeAlphabet(3, "G")).toBe("0123");
    expect(sizeTypeAlphabet(4)).toBe("");
  });
});

describe("reading a size/type code", () => {
  it("keeps a valid reading as it is", () => {
    expect(readSizeType("22G1")).toEqual({ code: "22G1", valid: true, repaired: false });
  });

  it("repairs a look-alike of the wrong kind when only one repair is an assigned code", () => {
    expect(readSizeType("22GI")).toEqual({ code: "22G1", valid: true, repaired: true });
    expect(readSizeType("2261")).toEqual({ code: "22G1", valid: true, repaired: true });
    expect(readSizeType("Z2G1")).toEqual({ code: "22G1", valid: true, repaired: true });
  });

  it("reports a near miss as invalid and ignores words and other lengths", () => {
    expect(readSizeType("22G9")).toEqual({ code: "22G9", valid: false, repaired: false });
    expect(readSizeType("LINE")).toBeUndefined();
    expect(readSizeType("22G11")).toBeUndefined();
  });
});

describe("finding the size/type code of a number", () => {
  const region = (cx: number, cy: number, width: number, height: number) =>
    toRegion({ cx, cy, width, height, angle: 0 });
  const code = [region(958, 551, 137, 65), region(1193, 554, 202, 59)];

  it("takes the nearest valid reading and skips pieces of container numbers", () => {
    const near = { text: "22G1", confidence: 0.99, region: region(1154, 625, 126, 60) };
    const nearer = { text: "22G9", confidence: 0.99, region: region(1154, 600, 126, 30) };
    const taken = { text: "45G1", confidence: 0.99, region: region(1000, 620, 126, 60) };
    const far = { text: "45R1", confidence: 0.99, region: region(1154, 1700, 126, 60) };
    expect(sizeTypeNear(code, [nearer, near, taken, far], new Set([taken]))).toEqual({
      code: "22G1",
      valid: true,
      repaired: false,
    });
    expect(sizeTypeNear(code, [far])).toBeUndefined();
    expect(sizeTypeNear(code, [nearer])).toMatchObject({ code: "22G9", valid: false });
  });
});
