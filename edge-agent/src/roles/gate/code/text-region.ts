import type { RotatedRect } from "../../../vision/ocr/geometry.js";
import { DEFAULT_CROP } from "../../../vision/ocr/text-crop.js";

/**
 * A detected text region described in its own reading frame. Container codes run left to right, or
 * top to bottom with the characters upright one under the other (side walls); both are handled as
 * a line along a reading axis `u` with a cross axis `v` (downwards for lines, rightwards for
 * columns), so "next to" and "on the next line" mean the same thing for both.
 */
export type Orientation = "horizontal" | "vertical";

export interface TextRegion {
  rect: RotatedRect;
  orientation: Orientation;
  /** Unit reading direction (rightwards, or downwards for a column) and cross direction. */
  u: readonly [number, number];
  v: readonly [number, number];
  /** Extent along the reading axis and across it, in source pixels. */
  length: number;
  thickness: number;
}

/** Same rule the recogniser's crop uses to read a box as a column. */
export function toRegion(rect: RotatedRect): TextRegion {
  const vertical = rect.height >= rect.width * DEFAULT_CROP.verticalRatio;
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  return vertical
    ? {
        rect,
        orientation: "vertical",
        u: [-sin, cos],
        v: [cos, sin],
        length: rect.height,
        thickness: rect.width,
      }
    : {
        rect,
        orientation: "horizontal",
        u: [cos, sin],
        v: [-sin, cos],
        length: rect.width,
        thickness: rect.height,
      };
}

/**
 * Height of one character in pixels: the line height for a line, and for a column (whose
 * thickness is a character's width) a little more than its thickness.
 */
export function charSize(region: TextRegion): number {
  return region.orientation === "vertical" ? region.thickness * 1.25 : region.thickness;
}

/**
 * Where `other` lies in `frame`'s reading frame: its start and end along the reading axis, its
 * centre line and its extent across it, in pixels. A region of the other orientation (a lone
 * character's box, say) is measured along `frame`'s axes, so it compares with a line whichever way
 * the detector oriented it; one of the same orientation keeps its own length and thickness, which a
 * slight difference in tilt would otherwise inflate along a long column.
 */
export function placeIn(
  frame: TextRegion,
  other: TextRegion,
): { start: number; end: number; across: number; thickness: number } {
  const { cx, cy, width, height, angle } = other.rect;
  const along = cx * frame.u[0] + cy * frame.u[1];
  const extent = (e: readonly [number, number]) => {
    const cos = Math.cos(angle) * e[0] + Math.sin(angle) * e[1];
    const sin = -Math.sin(angle) * e[0] + Math.cos(angle) * e[1];
    return Math.abs(width * cos) + Math.abs(height * sin);
  };
  const same = other.orientation === frame.orientation;
  const length = same ? other.length : extent(frame.u);
  return {
    start: along - length / 2,
    end: along + length / 2,
    across: cx * frame.v[0] + cy * frame.v[1],
    thickness: same ? other.thickness : extent(frame.v),
  };
}

/** A box of one or two characters, which the detector may call a line or a column either way. */
export function isGlyphBox(region: TextRegion): boolean {
  return region.length < 2 * region.thickness;
}

/** The region grown by `before` pixels before its start and `after` pixels past its end. */
export function extendRegion(region: TextRegion, before: number, after: number): TextRegion {
  const shift = (after - before) / 2;
  const rect: RotatedRect = {
    ...region.rect,
    cx: region.rect.cx + region.u[0] * shift,
    cy: region.rect.cy + region.u[1] * shift,
  };
  if (region.orientation === "vertical") rect.height += before + after;
  else rect.width += before + after;
  return { ...region, rect, length: region.length + before + after };
}

/** A stretch [from, to) of the region along its reading axis, full thickness. */
export function sliceRegion(region: TextRegion, from: number, to: number): RotatedRect {
  const mid = (from + to) / 2 - region.length / 2;
  const length = Math.max(1, to - from);
  const cx = region.rect.cx + region.u[0] * mid;
  const cy = region.rect.cy + region.u[1] * mid;
  return region.orientation === "vertical"
    ? { ...region.rect, cx, cy, height: length }
    : { ...region.rect, cx, cy, width: length };
}

/** Axis-aligned bounds [x1, y1, x2, y2] of a set of regions. */
export function boundsOf(regions: readonly TextRegion[]): [number, number, number, number] {
  let x1 = Number.POSITIVE_INFINITY;
  let y1 = Number.POSITIVE_INFINITY;
  let x2 = Number.NEGATIVE_INFINITY;
  let y2 = Number.NEGATIVE_INFINITY;
  for (const { rect } of regions) {
    const c = Math.abs(Math.cos(rect.angle));
    const s = Math.abs(Math.sin(rect.angle));
    const hw = (rect.width * c + rect.height * s) / 2;
    const hh = (rect.width * s + rect.height * c) / 2;
    x1 = Math.min(x1, rect.cx - hw);
    y1 = Math.min(y1, rect.cy - hh);
    x2 = Math.max(x2, rect.cx + hw);
    y2 = Math.max(y2, rect.cy + hh);
  }
  return [x1, y1, x2, y2];
}
