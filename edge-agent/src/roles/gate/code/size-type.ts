/**
 * ISO 6346 (1995) size and type codes, the four characters printed under the container number:
 * length, height/width, then a type group letter and a detail digit ("22G1" = 20 ft, 8 ft 6 in high,
 * general purpose with passive vents). Only the assigned codes are listed; spare ones are invalid,
 * so a misread that lands on a spare code is caught.
 */

/** First character: nominal length. */
const LENGTHS: Readonly<Record<string, string>> = {
  "1": "10 ft",
  "2": "20 ft",
  "3": "30 ft",
  "4": "40 ft",
  A: "7.15 m",
  B: "24 ft",
  C: "24 ft 6 in",
  D: "7.45 m",
  E: "7.82 m",
  F: "8.1 m",
  G: "41 ft",
  H: "43 ft",
  K: "13.6 m",
  L: "45 ft",
  M: "48 ft",
  N: "49 ft",
  P: "16.15 m",
};

/** Second character: height, and whether the width is 8 ft (digits), 2.44–2.5 m (C–F) or wider (L–P). */
const HEIGHTS: Readonly<Record<string, string>> = {
  "0": "8 ft",
  "2": "8 ft 6 in",
  "4": "9 ft",
  "5": "9 ft 6 in",
  "6": "over 9 ft 6 in",
  "8": "4 ft 3 in",
  "9": "4 ft or less",
  C: "8 ft 6 in, 2.44–2.5 m wide",
  D: "9 ft, 2.44–2.5 m wide",
  E: "9 ft 6 in, 2.44–2.5 m wide",
  F: "over 9 ft 6 in, 2.44–2.5 m wide",
  L: "8 ft 6 in, over 2.5 m wide",
  M: "9 ft, over 2.5 m wide",
  N: "9 ft 6 in, over 2.5 m wide",
  P: "over 9 ft 6 in, over 2.5 m wide",
};

/** Type group letter → the detail digits assigned to it. */
const TYPES: Readonly<Record<string, { group: string; details: string }>> = {
  G: { group: "general purpose", details: "0123" },
  V: { group: "ventilated", details: "024" },
  B: { group: "dry bulk", details: "013456" },
  S: { group: "named cargo", details: "012" },
  R: { group: "thermal, refrigerated", details: "0123" },
  H: { group: "thermal, insulated", details: "01256" },
  U: { group: "open top", details: "012345" },
  P: { group: "platform", details: "012345" },
  T: { group: "tank", details: "0123456789" },
  A: { group: "air/surface", details: "0" },
};

export interface SizeType {
  code: string;
  length: string;
  height: string;
  group: string;
}

/** Describes a size/type code, or undefined when any of its parts is not an assigned ISO 6346 code. */
export function describeSizeType(code: string): SizeType | undefined {
  if (code.length !== 4) return undefined;
  const length = LENGTHS[code[0] as string];
  const height = HEIGHTS[code[1] as string];
  const type = TYPES[code[2] as string];
  if (!length || !height || !type?.details.includes(code[3] as string)) return undefined;
  return { code, length, height, group: type.group };
}

export function isValidSizeType(code: string): boolean {
  return describeSizeType(code) !== undefined;
}

/** Which characters each position may hold, for repairing OCR confusions position by position. */
export function sizeTypeAlphabet(index: number, group?: string): string {
  switch (index) {
    case 0:
      return Object.keys(LENGTHS).join("");
    case 1:
      return Object.keys(HEIGHTS).join("");
    case 2:
      return Object.keys(TYPES).join("");
    case 3:
      return group ? (TYPES[group]?.details ?? "") : "0123456789";
    default:
      return "";
  }
}
