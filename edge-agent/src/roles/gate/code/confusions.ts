import { type PositionClass, positionClass } from "./iso6346.js";

/**
 * Characters the recogniser mixes up across the letter/digit divide on container markings. A code's
 * layout says which kind of character each position holds, so a digit read where a letter belongs
 * (or the reverse) can only be one of its look-alikes; within one kind (3 vs 8, O vs D) nothing
 * says which is right, so those are never substituted.
 */
const DIGIT_FOR_LETTER: Readonly<Record<string, string>> = {
  O: "0",
  D: "0",
  Q: "0",
  I: "1",
  L: "1",
  T: "1",
  Z: "2",
  S: "5",
  B: "8",
  G: "6",
  A: "4",
};

const LETTERS_FOR_DIGIT: Readonly<Record<string, string>> = {
  "0": "ODQ",
  "1": "IL",
  "2": "Z",
  "4": "A",
  "5": "S",
  "6": "G",
  "8": "B",
};

/**
 * Lower-case shapes the recogniser emits for digits: a "g" or "q" is a 9 with its tail, a "b" a 6;
 * upper-casing them first would turn the 9 into a G and then into a 6.
 */
const DIGIT_FOR_LOWER: Readonly<Record<string, string>> = { g: "9", q: "9", b: "6" };

/**
 * Category position: only U, J and Z exist, and no look-alikes are taken for them: a digit read in
 * this place (1 for J, 2 for Z) is as likely the first serial digit of a reading that lost an owner
 * letter, and accepting it would let such misaligned readings through one time in ten.
 */
const CATEGORIES = "UJZ";

export interface Alternative {
  char: string;
  /** Whether the character was substituted for what the recogniser emitted. */
  substituted: boolean;
}

/**
 * What the character `read` at `index` of an eleven-character code may stand for: itself when it is
 * of the right kind, otherwise its look-alikes of that kind. Empty when nothing fits.
 */
export function alternativesAt(index: number, read: string): Alternative[] {
  return alternativesFor(positionClass(index), read);
}

export function alternativesFor(kind: PositionClass, read: string): Alternative[] {
  if (kind === "digit" && DIGIT_FOR_LOWER[read])
    return [{ char: DIGIT_FOR_LOWER[read] as string, substituted: true }];
  const c = read.toUpperCase();
  if (kind === "category")
    return c.length === 1 && CATEGORIES.includes(c) ? [{ char: c, substituted: false }] : [];
  const isDigit = c >= "0" && c <= "9";
  const isLetter = c >= "A" && c <= "Z" && c.length === 1;
  if (kind === "digit") {
    if (isDigit) return [{ char: c, substituted: false }];
    const d = DIGIT_FOR_LETTER[c];
    return d ? [{ char: d, substituted: true }] : [];
  }
  if (isLetter) return [{ char: c, substituted: false }];
  return [...(LETTERS_FOR_DIGIT[c] ?? "")].map((char) => ({ char, substituted: true }));
}

/**
 * The look-alikes of the other kind (digits for a letter, letters for a digit), for codes whose
 * positions each allow a mix of both, such as the size/type code's length and height characters.
 */
export function crossKindLookAlikes(read: string): string[] {
  const lower = DIGIT_FOR_LOWER[read];
  if (lower) return [lower];
  const c = read.toUpperCase();
  if (c >= "0" && c <= "9") return [...(LETTERS_FOR_DIGIT[c] ?? "")];
  const digit = DIGIT_FOR_LETTER[c];
  return digit ? [digit] : [];
}
