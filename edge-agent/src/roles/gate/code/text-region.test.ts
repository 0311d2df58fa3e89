import { describe, expect, it } from "vitest";
import {
  boundsOf,
  charSize,
  extendRegion,
  isGlyphBox,
  placeIn,
  sliceRegion,
  toRegion,
} from "./text-region.js";

describe("text regions in their reading frame", () => {
  it("reads wide boxes left to right and tall ones top to bottom", () => {
    const line = toRegion({ cx: 100, cy: 50, width: 200, height: 40, angle: 0 });
    expect(line).toMatchObject({ orientation: "horizontal", length: 200, thickness: 40 });
    expect(line.u[0]).toBeCloseTo(1);
    const column = toRegion({ cx: 100, cy: 300, width: 40, height: 400, angle: 0 });
    expect(column).toMatchObject({ orientation: "vertical", length: 400, thickness: 40 });
    expect(column.u[1]).toBeCloseTo(1);
    expect(charSize(column)).toBeCloseTo(50);
    expect(charSize(line)).toBe(40);
  });

  it("places another region along and across the reading axis", () => {
    const column = toRegion({ cx: 100, cy: 300, width: 40, height: 400, angle: 0 });
    const below = toRegion({ cx: 110, cy: 600, width: 40, height: 100, angle: 0 });
    const p = placeIn(column, below);
    expect(p.start).toBeCloseTo(550);
    expect(p.end).toBeCloseTo(650);
    expect(p.across).toBeCloseTo(110);
  });

  it("extends a region past its end and slices stretches of it", () => {
    const line = toRegion({ cx: 100, cy: 50, width: 200, height: 40, angle: 0.1 });
    const longer = extendRegion(line, 0, 60);
    expect(longer.length).toBe(260);
    expect(longer.rect.cx - line.rect.cx).toBeCloseTo(30 * Math.cos(0.1));
    expect(longer.rect.cy - line.rect.cy).toBeCloseTo(30 * Math.sin(0.1));
    const column = toRegion({ cx: 100, cy: 300, width: 40, height: 400, angle: 0 });
    const first = sliceRegion(column, 0, 50);
    expect(first).toMatchObject({ cx: 100, cy: 125, width: 40, height: 50 });
    const taller = extendRegion(column, 0, 100);
    expect(taller.rect).toMatchObject({ cy: 350, height: 500 });
  });

  it("bounds rotated regions", () => {
    const a = toRegion({ cx: 100, cy: 100, width: 100, height: 20, angle: 0.3 });
    const b = toRegion({ cx: 300, cy: 100, width: 20, height: 20, angle: 0 });
    const [x1, y1, x2, y2] = boundsOf([a, b]);
    const halfW = (100 * Math.cos(0.3) + 20 * Math.sin(0.3)) / 2;
    const halfH = (100 * Math.sin(0.3) + 20 * Math.cos(0.3)) / 2;
    expect([x1, y1, x2, y2].map((v) => Math.round(v * 100) / 100)).toEqual(
      [100 - halfW, 100 - halfH, 310, 100 + halfH].map((v) => Math.round(v * 100) / 100),
    );
  });

  it("measures a lone character's box along a line's axes whichever way it was detected", () => {
    const line = toRegion({ cx: 1094, cy: 609, width: 220, height: 66, angle: 0 });
    const digit = toRegion({ cx: 1266, cy: 619, width: 20, height: 35, angle: 0 });
    expect(digit.orientation).toBe("vertical");
    expect(isGlyphBox(digit)).toBe(true);
    expect(isGlyphBox(line)).toBe(false);
    expect(placeIn(line, digit)).toEqual({ start: 1256, end: 1276, across: 619, thickness: 35 });
    // The same orientation keeps its own extent even when tilted against the frame.
    const column = toRegion({ cx: 772, cy: 160, width: 44, height: 264, angle: 0.064 });
    const below = toRegion({ cx: 756, cy: 552, width: 53, height: 445, angle: 0 });
    expect(placeIn(column, below).thickness).toBe(53);
  });
});
