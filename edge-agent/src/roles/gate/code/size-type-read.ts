import { crossKindLookAlikes } from "./confusions.js";
import type { Piece } from "./region-reader.js";
import { describeSizeType, sizeTypeAlphabet } from "./size-type.js";
import { boundsOf, charSize, type TextRegion } from "./text-region.js";

/**
 * The size/type code ("22G1") printed with a container number: read from a four-character piece,
 * repaired like the number (a look-alike of the other kind where the read character cannot stand),
 * and only when exactly one repair lands on an assigned ISO 6346 code.
 */
export interface SizeTypeRead {
  code: string;
  valid: boolean;
  repaired: boolean;
}

export function readSizeType(text: string): SizeTypeRead | undefined {
  if (text.length !== 4) return undefined;
  if (describeSizeType(text.toUpperCase())) return { code: text.toUpperCase(), valid: true, repaired: false };
  const found = new Set<string>();
  const walk = (i: number, prefix: string): void => {
    if (i === 4) {
      if (describeSizeType(prefix)) found.add(prefix);
      return;
    }
    const read = text[i] as string;
    const allowed = sizeTypeAlphabet(i, prefix[2]);
    const own = read.toUpperCase();
    const options = allowed.includes(own)
      ? [own]
      : crossKindLookAlikes(read).filter((c) => allowed.includes(c));
    for (const c of options) walk(i + 1, prefix + c);
  };
  walk(0, "");
  if (found.size === 1) return { code: [...found][0] as string, valid: true, repaired: true };
  // Any four-letter word would otherwise be reported as a broken size/type code.
  const fitting = [...text.toUpperCase()].filter((c, i) => sizeTypeAlphabet(i).includes(c)).length;
  return fitting >= 3 ? { code: text.toUpperCase(), valid: false, repaired: false } : undefined;
}

/** Size/type codes sit beside or under the number, within a few characters of it. */
const MAX_DISTANCE = 8;

/**
 * The size/type code nearest to a container code's regions (distance from the code's bounds in
 * character heights): valid readings first, then the nearest; undefined when none is close.
 * `taken` are pieces that belong to a container number and so are no size/type code.
 */
export function sizeTypeNear(
  code: readonly TextRegion[],
  pieces: readonly Piece[],
  taken: ReadonlySet<Piece> = new Set(),
): SizeTypeRead | undefined {
  const [x1, y1, x2, y2] = boundsOf(code);
  const size = Math.max(...code.map(charSize));
  let best: { read: SizeTypeRead; distance: number } | undefined;
  for (const piece of pieces) {
    if (taken.has(piece) || code.includes(piece.region)) continue;
    const read = readSizeType(piece.text);
    if (!read) continue;
    const { cx, cy } = piece.region.rect;
    const dx = Math.max(0, x1 - cx, cx - x2);
    const dy = Math.max(0, y1 - cy, cy - y2);
    const distance = Math.hypot(dx, dy) / size;
    if (distance > MAX_DISTANCE) continue;
    if (
      !best ||
      (read.valid && !best.read.valid) ||
      (read.valid === best.read.valid && distance < best.distance)
    ) {
      best = { read, distance };
    }
  }
  return best?.read;
}
