import { linkBetween } from "./piece-chains.js";
import type { Piece } from "./region-reader.js";
import { boundsOf, charSize, placeIn, type TextRegion, toRegion } from "./text-region.js";

/**
 * Which detected regions are worth recognising, and in which order. Recognition costs ~15–20 ms
 * per short region (read together, region-reader.ts) and ~25–35 ms per long line on the 2-core
 * target, while a gate picture holds up to 27 regions (door plates with weights and volumes), so
 * the reader recognises the likeliest regions first, then what continues a piece that starts like a
 * number, and stops once it has a valid one.
 *
 * Container numbers are the largest regular lettering on a box (≈ 30–110 px high on a 1920×1080
 * gate picture; door plates ≈ 20–40 px); logos are larger still or oddly shaped; long upright
 * columns on a side wall are almost always the number.
 */
export function prioritise(regions: readonly TextRegion[], imageHeight: number): TextRegion[] {
  const scored = regions.map((region) => ({ region, score: score(region, imageHeight) }));
  return scored.sort((a, b) => b.score - a.score).map((s) => s.region);
}

/** Character heights outside this band (as a share of the picture's height) are not numbers. */
const MIN_SHARE = 0.015;
const MAX_SHARE = 0.16;

function score(region: TextRegion, imageHeight: number): number {
  const size = charSize(region);
  const aspect = region.length / Math.max(1, region.thickness);
  const plausibleSize = size >= MIN_SHARE * imageHeight && size <= MAX_SHARE * imageHeight;
  // From four characters (owner code, size/type) to a whole eleven-character number on one line; a
  // lone boxed check digit is only worth reading after its serial (follow-ups, or the reader's
  // second look past the serial's end).
  const plausibleShape =
    region.orientation === "vertical" ? aspect >= 3 && aspect <= 20 : aspect >= 1.6 && aspect <= 16;
  const column = region.orientation === "vertical" && aspect >= 4;
  const base = size / imageHeight;
  if (!plausibleSize || !plausibleShape) return base - 1;
  return column ? base * 2 : base;
}

/**
 * Unread regions that may continue a number begun by what was read: linked (piece-chains.ts) to a
 * piece that starts like a number ("BEAU", "CXDU16") or to a piece already continuing one.
 */
export function followUps(pieces: readonly Piece[], unread: readonly TextRegion[]): TextRegion[] {
  const begun = pieces.filter((p) => /^[A-Za-z]{3}[UJZ][0-9]{0,5}$/.test(p.text));
  for (let i = 0; i < begun.length; i++) {
    const from = begun[i] as Piece;
    for (const p of pieces) if (!begun.includes(p) && linkBetween(from, p)) begun.push(p);
  }
  return unread.filter((region) =>
    begun.some((p) => linkBetween(p, { text: "", confidence: 0, region }) !== undefined),
  );
}

/** Whether a region may hold the size/type code of a number: four characters of its size, close by. */
export function mayHoldSizeType(region: TextRegion, code: readonly TextRegion[]): boolean {
  const size = Math.max(...code.map(charSize));
  const ratio = charSize(region) / size;
  const aspect = region.length / Math.max(1, region.thickness);
  const shape =
    region.orientation === "vertical" ? aspect >= 2.5 && aspect <= 8 : aspect >= 1.2 && aspect <= 4;
  if (!shape || ratio < 0.6 || ratio > 1.6) return false;
  const [x1, y1, x2, y2] = boundsOf(code);
  const { cx, cy } = region.rect;
  const reach = 4 * size;
  return cx > x1 - reach && cx < x2 + reach && cy > y1 - reach && cy < y2 + reach;
}

/** Offset of a vertical number's size/type column, in column widths (3.5–3.9 on the real side walls). */
const SIZE_TYPE_OFFSET = 3.5;

/**
 * Where the size/type code of a vertical number should be when the detector found nothing there: a
 * four-character column beside the number's first four characters, to its right. Only a reading
 * that is an assigned size/type code is kept from it, so a wrong guess of the place costs one
 * recognition and nothing else.
 */
export function sizeTypeProbe(code: readonly TextRegion[]): TextRegion | undefined {
  const first = code[0];
  if (first?.orientation !== "vertical") return undefined;
  const spans = code.map((r) => placeIn(first, r));
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const length = ((end - start) * 4.3) / 11;
  const own = placeIn(first, first);
  const shift = start + length / 2 - (own.start + own.end) / 2;
  const offset = SIZE_TYPE_OFFSET * first.thickness;
  return toRegion({
    cx: first.rect.cx + first.u[0] * shift + first.v[0] * offset,
    cy: first.rect.cy + first.u[1] * shift + first.v[1] * offset,
    width: 1.3 * first.thickness,
    height: length,
    angle: first.rect.angle,
  });
}
