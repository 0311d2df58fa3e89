import { describe, expect, it } from "vitest";
import { followUps, mayHoldSizeType, prioritise, sizeTypeProbe } from "./reading-plan.js";
import type { Piece } from "./region-reader.js";
import { type TextRegion, toRegion } from "./text-region.js";

const box = (cx: number, cy: number, width: number, height: number): TextRegion =>
  toRegion({ cx, cy, width, height, angle: 0 });

describe("the order regions are read in", () => {
  it("puts code-sized lettering before door plates and logos, long columns first", () => {
    const plate = box(1170, 682, 148, 24); // "30.480 KGS"
    const owner = box(958, 551, 137, 65);
    const logo = box(612, 777, 1245, 394); // a huge wall logo
    const column = box(1105, 645, 48, 719);
    const order = prioritise([plate, owner, logo, column], 1080);
    expect(order).toEqual([column, owner, plate, logo]);
  });

  it("follows a piece that starts like a number to what continues it", () => {
    const owner: Piece = { text: "BEAU", confidence: 0.98, region: box(958, 551, 137, 65) };
    const serial = box(1193, 554, 202, 59);
    const far = box(1600, 554, 202, 59);
    const below = box(1154, 625, 126, 60);
    expect(followUps([owner], [serial, far, below])).toEqual([serial]);
    expect(followUps([{ ...owner, text: "BEACON" }], [serial])).toEqual([]);
  });

  it("looks for the size/type code in four-character boxes of the number's size nearby", () => {
    const code = [box(958, 551, 137, 65), box(1193, 554, 202, 59)];
    expect(mayHoldSizeType(box(1154, 625, 126, 60), code)).toBe(true);
    expect(mayHoldSizeType(box(1170, 682, 148, 24), code)).toBe(false); // too small
    expect(mayHoldSizeType(box(1154, 625, 400, 60), code)).toBe(false); // too long
    expect(mayHoldSizeType(box(1154, 1600, 126, 60), code)).toBe(false); // too far
  });

  it("keeps tiny text and odd shapes for last, in order of size", () => {
    const tiny = box(500, 500, 60, 10); // 10 px high on a 1080 px picture
    const sliver = box(500, 600, 900, 40); // 22 characters' worth: no number is that long
    const plate = box(1170, 682, 148, 30);
    expect(prioritise([tiny, sliver, plate], 1080)).toEqual([plate, sliver, tiny]);
  });

  it("follows a column that starts like a number to the column continuing it", () => {
    const top: Piece = { text: "CXDU", confidence: 0.9, region: box(772, 160, 44, 264) };
    const rest = box(756, 552, 53, 445);
    const sizeType = box(943, 159, 44, 262);
    expect(followUps([top], [sizeType, rest])).toEqual([rest]);
  });

  it("follows on from what already continues a number, such as a serial's second half", () => {
    const owner: Piece = { text: "HALU", confidence: 0.98, region: box(948, 366, 193, 96) };
    const first: Piece = { text: "2089", confidence: 1, region: box(950, 454, 183, 92) };
    const second = box(1174, 466, 196, 102);
    expect(followUps([owner, first], [second])).toEqual([second]);
    expect(followUps([first], [second])).toEqual([]);
  });

  it("expects a vertical number's size/type column beside its first four characters", () => {
    // 124126001 LF: the number's column at x 1052–1154, its 22G1 column (missed by the detector) at
    // x 1256–1321, y 293–568.
    const probe = sizeTypeProbe([box(1105, 645, 48, 719)]);
    expect(probe?.orientation).toBe("vertical");
    expect(probe?.rect.cx).toBeGreaterThan(1256);
    expect(probe?.rect.cx).toBeLessThan(1321);
    expect(probe?.rect.cy).toBeGreaterThan(380);
    expect(probe?.rect.cy).toBeLessThan(480);
    expect(sizeTypeProbe([box(958, 551, 137, 65)])).toBeUndefined(); // horizontal numbers have theirs detected
  });
});
