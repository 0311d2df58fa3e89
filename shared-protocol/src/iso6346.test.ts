import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePayload } from "./codec.js";
import { examples } from "./examples.js";
import { formatContainerNumber, iso6346CheckDigit, parseContainerNumber } from "./iso6346.js";

describe("ISO 6346", () => {
  it("computes the check digits of published container numbers", () => {
    expect(iso6346CheckDigit("CSQU305438")).toBe(3);
    expect(iso6346CheckDigit("BICU123456")).toBe(5);
    expect(iso6346CheckDigit("MSKU907032")).toBe(3);
    expect(iso6346CheckDigit("csqu305438")).toBeNull();
    expect(iso6346CheckDigit("CSQX305438")).toBeNull();
  });

  it("parses spaced and compact forms and flags a wrong digit", () => {
    expect(parseContainerNumber("CSQU 305438 3")).toEqual({
      ownerCode: "CSQ",
      category: "U",
      serial: "305438",
      checkDigit: 3,
      checkDigitValid: true,
    });
    expect(parseContainerNumber("csqu-305438-4")?.checkDigitValid).toBe(false);
    expect(parseContainerNumber("CSQU 30543 3")).toBeNull();
  });

  it("property: any single changed serial digit is detected unless the sum wraps to the same digit", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{6}$/),
        fc.nat(5),
        fc.integer({ min: 1, max: 9 }),
        (serial, pos, delta) => {
          const digit = iso6346CheckDigit(`CSQU${serial}`) as number;
          const changed = serial.slice(0, pos) + ((Number(serial[pos]) + delta) % 10) + serial.slice(pos + 1);
          const parsed = parseContainerNumber(`CSQU${changed}${digit}`);
          const recomputed = iso6346CheckDigit(`CSQU${changed}`);
          expect(parsed?.checkDigitValid).toBe(recomputed === digit);
          expect(formatContainerNumber(parsed as NonNullable<typeof parsed>)).toBe(
            `CSQU ${changed} ${digit}`,
          );
        },
      ),
    );
  });

  it("gate entries whose validity flag contradicts the digits are rejected", () => {
    const container = examples.gateEntry.container as NonNullable<typeof examples.gateEntry.container>;
    const lying = { ...examples.gateEntry, container: { ...container, checkDigit: 4 } };
    const result = decodePayload("gateEntry", JSON.stringify(lying));
    expect(!result.ok && result.error.message).toContain("checkDigitValid");
  });
});
