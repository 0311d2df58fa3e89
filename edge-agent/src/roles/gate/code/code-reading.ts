import { codeParts } from "./iso6346.js";
import type { PickedCode, PickStatus } from "./pick-codes.js";
import type { SizeTypeRead } from "./size-type-read.js";
import { boundsOf, type Orientation } from "./text-region.js";

/**
 * One container number as the reader reports it.
 *
 * `valid` means the reported code satisfies its ISO 6346 check digit: as read ("valid") or after
 * letter/digit look-alikes were swapped where only one swap could satisfy it ("repaired"). The check
 * digit catches almost every single misread character but only about nine in ten double misreads
 * (figures in iso6346.ts), so a valid code can still be wrong when the recogniser misread two
 * characters; `confidence` (the recogniser's mean character probability, lowered per repair) says
 * how sure the reading itself was. When no code or several codes fit, `valid` is false, `code` is
 * what was read and nothing is guessed.
 */
export interface CodeReading {
  code: string;
  owner: string;
  category: string;
  serial: string;
  /** Null when the check digit was not read at all. */
  checkDigit: number | null;
  valid: boolean;
  repaired: boolean;
  status: PickStatus;
  /** For an uncertain reading, the valid codes it could be. */
  alternatives: string[];
  sizeType: string | null;
  sizeTypeValid: boolean;
  confidence: number;
  /** Bounds [x1, y1, x2, y2] of the pieces the code was read from, in source pixels. */
  box: [number, number, number, number];
  /** The characters as the recogniser read them (letters and digits only). */
  rawText: string;
  orientation: Orientation;
}

/** The reading of `picked`, its box clamped to the `width`×`height` picture. */
export function toReading(
  picked: PickedCode,
  sizeType: SizeTypeRead | undefined,
  width: number,
  height: number,
): CodeReading {
  const [x1, y1, x2, y2] = boundsOf(picked.pieces.map((p) => p.region));
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const { code } = picked;
  const first = picked.pieces[0];
  return {
    code,
    ...codeParts(code),
    valid: picked.status === "valid" || picked.status === "repaired",
    repaired: picked.status === "repaired",
    status: picked.status,
    alternatives: picked.alternatives,
    sizeType: sizeType?.code ?? null,
    sizeTypeValid: sizeType?.valid ?? false,
    confidence: picked.confidence,
    box: [clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height)],
    rawText: picked.raw,
    orientation: first?.region.orientation ?? "horizontal",
  };
}
