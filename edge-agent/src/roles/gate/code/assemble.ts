import { alternativesAt } from "./confusions.js";
import { CODE_LENGTH } from "./iso6346.js";
import { type Chain, chainsOf } from "./piece-chains.js";
import type { Piece } from "./region-reader.js";
import { type RepairResult, repairCode } from "./repair.js";

/**
 * From the pieces of one picture to container-code candidates: every chain of pieces (one line;
 * owner code, serial and boxed check digit apart; serial on the next line; a broken column), every
 * place a code may lie in it, each reading repaired by its check digit. Which candidates become the
 * picture's codes is pick-codes.ts's business.
 */
export interface CodeCandidate {
  window: CodeWindow;
  result: RepairResult;
  /**
   * 0..1: the recogniser's mean character probability over the pieces, × 0.85 per substituted
   * character and × 0.97 per extra piece joined in, so a code read whole and as is ranks first.
   */
  confidence: number;
}

export interface Assembly {
  candidates: CodeCandidate[];
  /** Codes read up to the serial whose check digit is missing: worth a second look past their end. */
  incomplete: CodeWindow[];
}

/** A reading needing more substitutions than this is noise, not a code with a few confusions. */
const MAX_SUBSTITUTIONS = 2;

export function assemble(pieces: readonly Piece[]): Assembly {
  const candidates: CodeCandidate[] = [];
  const incomplete: CodeWindow[] = [];
  for (const chain of chainsOf(pieces)) {
    for (const window of codeWindows(chain)) {
      if (!window.complete) {
        incomplete.push(window);
        continue;
      }
      const result = repairCode(window.raw, MAX_SUBSTITUTIONS);
      candidates.push({ window, result, confidence: confidenceOf(window, result) });
    }
  }
  return { candidates, incomplete };
}

function confidenceOf(window: CodeWindow, result: RepairResult): number {
  const mean = window.pieces.reduce((sum, p) => sum + p.confidence, 0) / window.pieces.length;
  const substitutions = "substitutions" in result ? result.substitutions : 0;
  return mean * 0.85 ** substitutions * 0.97 ** (window.pieces.length - 1);
}

/**
 * Where in a chain's text a container code may lie. The owner code and category (four characters)
 * are painted as one word, so they must come from the chain's first piece, starting at its first
 * or second character (one stray mark before it is tolerated); the code must end in the chain's
 * last piece, at most one character before its end. Ten characters ending the chain are a code
 * whose check digit was not read ("incomplete"): the reader looks again past its end.
 */
export interface CodeWindow {
  /** The characters as read: eleven, or ten when incomplete. */
  raw: string;
  complete: boolean;
  pieces: Piece[];
}

export function codeWindows(chain: Chain): CodeWindow[] {
  const { pieces } = chain;
  const head = (pieces[0] as Piece).text;
  const text = pieces.map((p) => p.text).join("");
  const lastStart = text.length - (pieces[pieces.length - 1] as Piece).text.length;
  const windows: CodeWindow[] = [];
  for (const start of [0, 1]) {
    if (start + 4 > head.length) break;
    for (const length of [CODE_LENGTH, CODE_LENGTH - 1]) {
      const end = start + length;
      const complete = length === CODE_LENGTH;
      // A complete code may leave one character of the last piece over; an incomplete one must end it.
      const overhang = text.length - end;
      if (end <= lastStart || overhang < 0 || overhang > (complete ? 1 : 0)) continue;
      const raw = text.slice(start, end);
      if (!fitsLayout(raw)) continue;
      windows.push({ raw, complete, pieces });
    }
  }
  return windows;
}

/** Every character can stand where it is (itself or a look-alike of the right kind). */
function fitsLayout(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (alternativesAt(i, raw[i] as string).length === 0) return false;
  return true;
}
