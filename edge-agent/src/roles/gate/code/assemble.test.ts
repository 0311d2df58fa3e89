import { describe, expect, it } from "vitest";
import { assemble } from "./assemble.js";
import { isValidCode } from "./iso6346.js";
import { pickCodes } from "./pick-codes.js";
import { chainsOf, linkBetween } from "./piece-chains.js";
import type { Piece } from "./region-reader.js";
import { repairCode } from "./repair.js";
import { toRegion } from "./text-region.js";

/** A piece whose box is given by its centre and size in pixels (upright). */
function piece(
  text: string,
  cx: number,
  cy: number,
  width: number,
  height: number,
  confidence = 0.95,
): Piece {
  return { text, confidence, region: toRegion({ cx, cy, width, height, angle: 0 }) };
}

const codesOf = (pieces: Piece[]) => {
  const { candidates, incomplete } = assemble(pieces);
  return pickCodes(candidates, incomplete).map((p) => `${p.code}:${p.status}`);
};

describe("linking pieces", () => {
  it("joins parts of one line, a left-aligned next line and a broken column, nothing else", () => {
    const owner = piece("PCIU", 880, 230, 180, 75);
    expect(linkBetween(owner, piece("2743129", 1100, 232, 300, 72))).toBe("same-line");
    expect(linkBetween(owner, piece("2743129", 960, 302, 340, 72))).toBe("next-line");
    expect(linkBetween(owner, piece("2743129", 1400, 232, 300, 72))).toBeUndefined(); // too far
    expect(linkBetween(owner, piece("MAX", 880, 600, 100, 30))).toBeUndefined(); // much smaller, far below
    const top = piece("CXDU", 772, 160, 44, 264);
    expect(linkBetween(top, piece("1105408", 756, 552, 53, 445))).toBe("same-line");
    expect(linkBetween(top, piece("45G1", 943, 159, 44, 262))).toBeUndefined(); // the next column
  });

  it("uses at most one next-line step per chain", () => {
    const pieces = [
      piece("HALU", 948, 366, 190, 90),
      piece("2089", 950, 454, 183, 90),
      piece("22G1", 950, 542, 183, 90),
    ];
    const texts = chainsOf(pieces).map((c) => c.pieces.map((p) => p.text).join("+"));
    expect(texts).toContain("HALU+2089");
    expect(texts).not.toContain("HALU+2089+22G1");
  });
});

describe("assembling codes from pieces", () => {
  it("reads a code in one piece", () => {
    expect(codesOf([piece("HALU2089976", 704, 95, 549, 45)])).toEqual(["HALU2089976:valid"]);
  });

  it("joins owner code, serial and a boxed check digit detected apart", () => {
    const pieces = [
      piece("BEAU", 827, 597, 149, 70),
      piece("257687", 1094, 609, 220, 66),
      piece("8", 1266, 619, 20, 35),
    ];
    expect(codesOf(pieces)).toEqual(["BEAU2576878:valid"]);
  });

  it("joins a serial split in two on the line under the owner code", () => {
    const pieces = [
      piece("HALU", 948, 366, 193, 96),
      piece("2089", 950, 454, 183, 92),
      piece("976", 1174, 466, 196, 102),
    ];
    expect(codesOf(pieces)).toEqual(["HALU2089976:valid"]);
  });

  it("joins a column broken in two, tilted apart, and repairs a look-alike", () => {
    const pieces = [piece("CXDU", 772, 160, 44, 264, 0.064), piece("11O5408", 756, 552, 53, 445)];
    expect(codesOf(pieces)).toEqual(["CXDU1105408:repaired"]);
  });

  it("reports a code without its check digit as incomplete and invalid, with what was read", () => {
    const { incomplete } = assemble([piece("CXDU", 983, 689, 149, 69), piece("160407", 1262, 690, 258, 63)]);
    expect(incomplete.map((w) => w.raw)).toEqual(["CXDU160407"]);
    expect(codesOf([piece("CXDU", 983, 689, 149, 69), piece("160407", 1262, 690, 258, 63)])).toEqual([
      "CXDU160407:invalid",
    ]);
  });

  it("reports a code whose check digit fails as invalid, never as a corrected guess", () => {
    expect(codesOf([piece("BEAU265693D", 1105, 645, 48, 719)])).toEqual(["BEAU265693D:invalid"]);
  });

  it("does not claim a code when two readings of the same paint give two valid codes", () => {
    // "CXDU" followed by either of two serial readings stacked at the same place.
    const pieces = [
      piece("CXDU", 983, 689, 149, 69),
      piece("1604074", 1262, 690, 258, 63),
      piece("1604095", 1262, 690, 258, 63),
    ];
    const picked = pickCodes(assemble(pieces).candidates, []);
    expect(picked).toHaveLength(1);
    expect(picked[0]).toMatchObject({ status: "uncertain" });
    expect(picked[0]?.alternatives.sort()).toEqual(["CXDU1604074", "CXDU1604095"]);
  });

  it("reports a code read twice (roof and doors) once, and a second container apart", () => {
    const pieces = [
      piece("BEAU2656931", 705, 147, 411, 39),
      piece("BEAU", 958, 551, 137, 65),
      piece("2656931", 1210, 554, 240, 59),
      piece("TRHU1700369", 506, 900, 391, 28),
    ];
    const picked = pickCodes(assemble(pieces).candidates, []);
    expect(picked.map((p) => p.code).sort()).toEqual(["BEAU2656931", "TRHU1700369"]);
    expect(picked.find((p) => p.code === "BEAU2656931")?.sightings).toHaveLength(2);
  });

  it("ignores text that only starts like a code", () => {
    expect(codesOf([piece("MAXGROSS", 981, 805, 192, 64), piece("30480KGS", 1250, 790, 204, 38)])).toEqual(
      [],
    );
  });

  it("demotes two different valid codes that share a piece across readings, naming both", () => {
    // Two owner-code readings continued by one serial piece. C and M weigh 13 and 24, 11 apart, so
    // both numbers pass the check digit: exactly the misread it cannot catch.
    const serial = piece("1604074", 1262, 690, 258, 63);
    const candidate = (head: Piece, raw: string) => ({
      window: { raw, complete: true, pieces: [head, serial] },
      result: repairCode(raw),
      confidence: 0.9,
    });
    expect(isValidCode("MXDU1604074")).toBe(true);
    const picked = pickCodes(
      [
        candidate(piece("CXDU", 983, 689, 149, 69), "CXDU1604074"),
        candidate(piece("MXDU", 983, 689, 149, 69), "MXDU1604074"),
      ],
      [],
    );
    expect(picked.map((p) => p.status)).toEqual(["uncertain", "uncertain"]);
    expect(picked[0]?.alternatives.sort()).toEqual(["CXDU1604074", "MXDU1604074"]);
  });
});
