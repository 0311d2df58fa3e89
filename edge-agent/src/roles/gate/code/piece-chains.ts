import type { Piece } from "./region-reader.js";
import { isGlyphBox, placeIn } from "./text-region.js";

/**
 * How the parts of one container code sit relative to each other. The detector often returns a
 * code in several boxes: owner code and serial side by side with a wide gap, the boxed check digit
 * apart, the serial on the line under the owner code (left-aligned), or a column broken in two.
 * A chain is a sequence of pieces each of which continues the previous one in one of these ways.
 */
export type Link = "same-line" | "next-line";

/** Largest gap between two parts of one line, in character heights (owner code to serial ≈ 1). */
const MAX_GAP = 2.5;
/** Parts of one code are painted in one size; a lone boxed check digit may come out smaller. */
const MIN_SIZE_RATIO = 0.4;
const MAX_SIZE_RATIO = 1.7;

export function linkBetween(a: Piece, b: Piece): Link | undefined {
  if (a.region.orientation !== b.region.orientation && !isGlyphBox(b.region)) return undefined;
  const pa = placeIn(a.region, a.region);
  const pb = placeIn(a.region, b.region);
  const t = Math.max(pa.thickness, pb.thickness);
  const ratio = pb.thickness / pa.thickness;
  if (ratio < MIN_SIZE_RATIO || ratio > MAX_SIZE_RATIO) return undefined;
  const across = pb.across - pa.across;
  const gap = pb.start - pa.end;
  if (Math.abs(across) <= 0.5 * t && gap >= -0.5 * t && gap <= MAX_GAP * t) return "same-line";
  // A second line starts under the first: only lines are stacked this way, columns are not.
  if (
    a.region.orientation === "horizontal" &&
    across >= 0.6 * t &&
    across <= 2 * t &&
    Math.abs(pb.start - pa.start) <= t
  ) {
    return "next-line";
  }
  return undefined;
}

export interface Chain {
  pieces: Piece[];
  links: Link[];
}

/**
 * Every chain of up to `maxPieces` pieces starting anywhere. At most one next-line step per chain,
 * because a code spans at most two lines.
 */
export function chainsOf(pieces: readonly Piece[], maxPieces = 4): Chain[] {
  const next = pieces.map((a) =>
    pieces.flatMap((b) => {
      if (a === b) return [];
      const link = linkBetween(a, b);
      return link ? [{ piece: b, link }] : [];
    }),
  );
  const index = new Map(pieces.map((p, i) => [p, i]));
  const chains: Chain[] = [];
  const extend = (chain: Chain): void => {
    chains.push(chain);
    if (chain.pieces.length >= maxPieces) return;
    const last = chain.pieces[chain.pieces.length - 1] as Piece;
    for (const { piece, link } of next[index.get(last) as number] ?? []) {
      if (chain.pieces.includes(piece)) continue;
      if (link === "next-line" && chain.links.includes("next-line")) continue;
      extend({ pieces: [...chain.pieces, piece], links: [...chain.links, link] });
    }
  };
  for (const piece of pieces) if (piece.text.length > 0) extend({ pieces: [piece], links: [] });
  return chains;
}
