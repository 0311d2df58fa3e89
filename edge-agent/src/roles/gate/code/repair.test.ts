import { iso6346CheckDigit } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidCode } from "./iso6346.js";
import { repairCode } from "./repair.js";

// The confusions the recogniser makes across the letter/digit divide (issue 14): what is read for
// a letter in a digit's place and the reverse.
const READ_FOR_DIGIT: Record<string, string[]> = {
  "0": ["O", "D"],
  "1": ["I"],
  "2": ["Z"],
  "5": ["S"],
  "8": ["B"],
  "6": ["G"],
};
const READ_FOR_LETTER: Record<string, string[]> = {
  O: ["0"],
  D: ["0"],
  I: ["1"],
  Z: ["2"],
  S: ["5"],
  B: ["8"],
  G: ["6"],
};

const validCode = fc
  .tuple(fc.stringMatching(/^[A-Z]{3}$/), fc.constantFrom("U", "J", "Z"), fc.stringMatching(/^[0-9]{6}$/))
  .map(
    ([owner, category, serial]) =>
      `${owner}${category}${serial}${iso6346CheckDigit(owner + category + serial)}`,
  );

/** The letters the reader documents as read as each digit (confusions.ts), for the oracle below. */
const LETTERS_READ_AS: Record<string, string> = {
  "0": "ODQ",
  "1": "IL",
  "2": "Z",
  "4": "A",
  "5": "S",
  "6": "G",
  "8": "B",
};

/** Every valid code reachable by putting back a letter for each digit read in the owner code (test oracle). */
function validReadings(read: string): string[] {
  const options = [...read].map((c, i) =>
    i < 3 && c >= "0" && c <= "9" ? [...(LETTERS_READ_AS[c] ?? "")] : [c],
  );
  const out: string[] = [];
  const walk = (i: number, prefix: string) => {
    if (i === read.length) {
      if (isValidCode(prefix)) out.push(prefix);
      return;
    }
    for (const c of options[i] ?? []) walk(i + 1, prefix + c);
  };
  walk(0, "");
  return out;
}

describe("check-digit repair", () => {
  it("leaves a valid reading alone", () => {
    expect(repairCode("BEAU2656931")).toEqual({
      status: "valid",
      code: "BEAU2656931",
      substitutions: 0,
      raw: "BEAU2656931",
    });
  });

  it("repairs the confusions seen on the real gate pictures", () => {
    expect(repairCode("BEAUZ656931")).toMatchObject({
      status: "repaired",
      code: "BEAU2656931",
      substitutions: 1,
    });
    expect(repairCode("PC1U2743129")).toMatchObject({ status: "repaired", code: "PCIU2743129" });
    expect(repairCode("PC1U274312g")).toMatchObject({
      status: "repaired",
      code: "PCIU2743129",
      substitutions: 2,
    });
    expect(repairCode("BEAU265693T")).toMatchObject({ status: "repaired", code: "BEAU2656931" });
  });

  it("never corrects into a guess: a boxed 1 read as D stays invalid with what was read", () => {
    expect(repairCode("BEAU265693D")).toEqual({ status: "invalid", raw: "BEAU265693D" });
    expect(repairCode("BEAU2656938")).toEqual({ status: "invalid", raw: "BEAU2656938" });
  });

  it("refuses readings that need too many substitutions or have the wrong length or category", () => {
    expect(repairCode("8EAUZ6S6931", 2).status).toBe("invalid");
    expect(repairCode("BEAU265693").status).toBe("invalid");
    expect(repairCode("BEA12656931").status).toBe("invalid");
  });

  it("property: a valid code with one confusion applied is repaired to itself", () => {
    fc.assert(
      fc.property(validCode, fc.nat(), (code, at) => {
        const spots = [...code].flatMap((c, i) => {
          const reads = (i < 3 ? READ_FOR_LETTER[c] : i >= 4 ? READ_FOR_DIGIT[c] : undefined) ?? [];
          return reads.map((read) => ({ i, read }));
        });
        fc.pre(spots.length > 0);
        const { i, read } = spots[at % spots.length] as { i: number; read: string };
        const misread = code.slice(0, i) + read + code.slice(i + 1);
        const result = repairCode(misread);
        if (result.status === "uncertain") {
          // Only a digit read for a letter has several letters to choose from (0: O, D, Q; 1: I, L);
          // two of them can both pass only through remainders 0 and 10, i.e. check digit 0.
          expect(i).toBeLessThan(3);
          expect(code[10]).toBe("0");
          expect(result.candidates).toContain(code);
        } else {
          expect(result).toMatchObject({ status: "repaired", code, substitutions: 1 });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("property: when two or more repairs would be valid the reading is uncertain, never repaired", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{3}$/),
        fc.stringMatching(/^[0-9]{6}$/),
        fc.integer({ min: 0, max: 9 }),
        (owner, serial, digit) => {
          const read = `${owner}U${serial}${digit}`;
          const expected = validReadings(read);
          const result = repairCode(read, 3);
          if (expected.length > 1) {
            expect(result.status).toBe("uncertain");
            expect(result.status === "uncertain" && [...result.candidates].sort()).toEqual(
              [...expected].sort(),
            );
          } else if (expected.length === 1) {
            expect(result).toMatchObject({ code: expected[0] });
          } else {
            expect(result.status).toBe("invalid");
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("finds the ambiguous case the property relies on", () => {
    // A serial where "O" and "D" in the first owner place give remainders 0 and 10 (both digit 0).
    let found: string | undefined;
    for (let n = 0; n < 1_000_000 && !found; n++) {
      const serial = String(n).padStart(6, "0");
      if (isValidCode(`OAAU${serial}0`) && isValidCode(`DAAU${serial}0`)) found = serial;
    }
    expect(found).toBeDefined();
    const result = repairCode(`0AAU${found}0`);
    expect(result.status).toBe("uncertain");
    expect(result.status === "uncertain" && result.candidates).toEqual(
      expect.arrayContaining([`OAAU${found}0`, `DAAU${found}0`]),
    );
  });
});
