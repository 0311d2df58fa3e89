import { readFileSync } from "node:fs";
import { join } from "node:path";
import { iso6346CheckDigit } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasMedia, MEDIA_DIR } from "../../../media.test-support.js";
import { codeParts, hasCodeShape, isValidCode, positionClass } from "./iso6346.js";

/** The ten codes painted on the real gate pictures (labels.tsv); the same list when the media is absent. */
const REAL_CODES = hasMedia
  ? [
      ...new Set(
        readFileSync(join(MEDIA_DIR, "containers/labels.tsv"), "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((line) => line.split("\t")[3] as string),
      ),
    ]
  : [
      "BEAU2656931",
      "TRHU1700369",
      "BEAU2576878",
      "TRHU3074372",
      "PCIU2743129",
      "CXDU1105408",
      "HALU2089976",
      "CXDU1604074",
      "MSKU3866036",
      "MSKU3605161",
    ];

describe("ISO 6346 code layout", () => {
  it("validates every real code of the gate pictures", () => {
    expect(REAL_CODES).toHaveLength(10);
    for (const code of REAL_CODES) expect(isValidCode(code), code).toBe(true);
  });

  it("rejects each real code with any other check digit", () => {
    for (const code of REAL_CODES) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[10]) continue;
        expect(isValidCode(code.slice(0, 10) + d), `${code.slice(0, 10)}${d}`).toBe(false);
      }
    }
  });

  it("validates the standard's example and rejects malformed text", () => {
    expect(isValidCode("CSQU3054383")).toBe(true);
    expect(isValidCode("CSQX3054383")).toBe(false); // no such category
    expect(isValidCode("CSQU305438")).toBe(false); // no check digit
    expect(isValidCode("csqu3054383")).toBe(false);
    expect(isValidCode("CSQU3O54383")).toBe(false); // a letter O in the serial
    expect(hasCodeShape("ABCJ1234567")).toBe(true);
    expect(hasCodeShape("ABCZ123456")).toBe(false);
  });

  it("property: a code built with the shared check digit is valid, any other digit is not", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{3}[UJZ][0-9]{6}$/),
        fc.integer({ min: 1, max: 9 }),
        (prefix, shift) => {
          const digit = iso6346CheckDigit(prefix) as number;
          expect(isValidCode(`${prefix}${digit}`)).toBe(true);
          expect(isValidCode(`${prefix}${(digit + shift) % 10}`)).toBe(false);
        },
      ),
    );
  });

  it("names the kind of character each position holds and splits readings into parts", () => {
    expect([...Array(11).keys()].map(positionClass).join(",")).toBe(
      "letter,letter,letter,category,digit,digit,digit,digit,digit,digit,digit",
    );
    expect(codeParts("MSKU3866036")).toEqual({
      owner: "MSK",
      category: "U",
      serial: "386603",
      checkDigit: 6,
    });
    expect(codeParts("MSKU386603").checkDigit).toBeNull();
    expect(codeParts("MSKU386603D").checkDigit).toBeNull();
  });
});
