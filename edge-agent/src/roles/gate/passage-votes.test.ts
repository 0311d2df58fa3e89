import { iso6346CheckDigit } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import type { Box } from "../../vision/detect/detector.js";
import { confirmed, type FrameRead, votePassage } from "./passage-votes.js";

const TRUE = "CSQU3054383";
const OTHER = "MSKU1234565"; // a second container on the same truck
const isValid = (code: string) => iso6346CheckDigit(code.slice(0, 10)) === Number(code[10]);

let frameNo = 0;
function read(code: string | undefined, opts: Partial<FrameRead> = {}): FrameRead {
  frameNo += 1;
  return {
    ...(code === undefined ? {} : { code }),
    valid: code !== undefined && isValid(code),
    confidence: 0.8,
    box: [100, 100, 300, 140] as Box,
    rawText: code ?? "",
    frame: `cam@${frameNo}`,
    at: frameNo * 500,
    ...opts,
  };
}
/** `code` with position `i` replaced by `c`. */
const swap = (code: string, i: number, c: string) => code.slice(0, i) + c + code.slice(i + 1);

describe("votePassage", () => {
  it("checks its own fixtures: the codes are what the tests say they are", () => {
    expect([TRUE, OTHER].map(isValid)).toEqual([true, true]);
  });

  it("lets one valid read outrank any number of wrong-but-invalid ones", () => {
    const wrong = swap(TRUE, 10, "4");
    expect(isValid(wrong)).toBe(false);
    const reads = [
      read(wrong, { confidence: 0.99 }),
      read(wrong),
      read(wrong),
      read(TRUE, { confidence: 0.6 }),
    ];
    const verdicts = votePassage(reads);
    expect(verdicts.map((v) => [v.code, v.valid])).toEqual([[TRUE, true]]);
    expect(verdicts[0]?.best).toBe(reads[3]);
    // The invalid reads about the same container count against it.
    expect(verdicts[0]?.confidence).toBeCloseTo((0.6 / (0.6 + 0.99 + 0.8 + 0.8)) * 0.6);
  });

  it("never composes a valid code out of invalid reads, even when each position's majority would", () => {
    const reads = [read(swap(TRUE, 5, "9")), read(swap(TRUE, 7, "1")), read(swap(TRUE, 8, "0"))];
    expect(reads.map((r) => r.valid)).toEqual([false, false, false]);
    const verdicts = votePassage(reads);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]?.valid).toBe(false);
    expect(reads.map((r) => r.code)).toContain(verdicts[0]?.code);
    expect(verdicts[0]?.code).not.toBe(TRUE);
    expect(verdicts[0]?.rawText).toBe(verdicts[0]?.code);
  });

  it("gives each container of a passage its own verdict", () => {
    // Far-apart codes in different frames are different containers.
    const apart = votePassage([read(TRUE), read(OTHER), read(TRUE), read(OTHER)]);
    expect(apart.map((v) => [v.code, v.votes])).toEqual([
      [TRUE, 2],
      [OTHER, 2],
    ]);
    // Near-identical valid codes are two containers when one frame shows both in different places.
    const prefix = swap(TRUE, 9, "9").slice(0, 10);
    const near = prefix + String(iso6346CheckDigit(prefix));
    expect(isValid(near)).toBe(true);
    const together = votePassage([
      read(TRUE, { frame: "cam@both" }),
      read(near, { frame: "cam@both", box: [400, 100, 600, 140] }),
    ]);
    expect(together.map((v) => v.code).sort()).toEqual([TRUE, near].sort());
    // The same two codes from different frames are one container misread: the stronger one stands.
    const misread = votePassage([read(TRUE), read(TRUE), read(near)]);
    expect(misread.map((v) => [v.code, v.votes])).toEqual([[TRUE, 2]]);
  });

  it("breaks a tie between valid codes by what the other reads say, position by position", () => {
    const prefix = swap(TRUE, 9, "9").slice(0, 10);
    const near = prefix + String(iso6346CheckDigit(prefix));
    expect(isValid(near)).toBe(true);
    // An invalid read agreeing with TRUE where the two differ tips the tie to TRUE, and the other way
    // round; by name alone TRUE would sort first both times.
    expect([swap(TRUE, 4, "8"), swap(near, 4, "8")].map(isValid)).toEqual([false, false]);
    const forTrue = votePassage([read(near), read(TRUE), read(swap(TRUE, 4, "8"))]);
    expect(forTrue.map((v) => v.code)).toEqual([TRUE]);
    const forNear = votePassage([read(TRUE), read(near), read(swap(near, 4, "8"))]);
    expect(forNear.map((v) => v.code)).toEqual([near]);
  });

  it("keeps an unreadable second container only when it was read more than once", () => {
    const garbled = "ABCU9999990";
    expect(isValid(garbled)).toBe(false);
    expect(votePassage([read(TRUE), read(garbled)]).map((v) => v.code)).toEqual([TRUE]);
    const twice = votePassage([read(TRUE), read(garbled), read(garbled)]);
    expect(twice.map((v) => [v.code, v.valid])).toEqual([
      [TRUE, true],
      [garbled, false],
    ]);
  });

  it("falls back to the clearest raw text when nothing had a code's shape, and to nothing without reads", () => {
    const verdicts = votePassage([
      read(undefined, { rawText: "BEAU 26", confidence: 0.5 }),
      read(undefined, { rawText: "BEAU 265693", confidence: 0.9 }),
      read(undefined, { rawText: "  " }),
    ]);
    expect(verdicts.map((v) => [v.code, v.valid, v.rawText])).toEqual([[undefined, false, "BEAU 265693"]]);
    expect(votePassage([])).toEqual([]);
  });

  it("says a passage is confirmed once one valid code came from enough different frames", () => {
    expect(confirmed([read(TRUE, { frame: "a" }), read(TRUE, { frame: "a" })], 2)).toBe(false);
    expect(confirmed([read(TRUE, { frame: "a" }), read(TRUE, { frame: "b" })], 2)).toBe(true);
    const wrong = swap(TRUE, 10, "4");
    expect(confirmed([read(wrong, { frame: "a" }), read(wrong, { frame: "b" })], 2)).toBe(false);
  });
});
