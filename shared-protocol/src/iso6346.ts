/**
 * ISO 6346 container identification: owner code (3 letters), equipment category (U, J or Z), a 6-digit
 * serial number and a check digit computed over the first ten characters.
 */
export const CATEGORY_IDENTIFIERS = ["U", "J", "Z"] as const;
export type ContainerCategory = (typeof CATEGORY_IDENTIFIERS)[number];

// Letters start at 10 and skip multiples of 11 (11, 22, 33), which the standard reserves.
const LETTER_VALUES: Record<string, number> = (() => {
  const values: Record<string, number> = {};
  let value = 10;
  for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
    if (value % 11 === 0) value += 1;
    values[letter] = value;
    value += 1;
  }
  return values;
})();

/** Check digit for the first ten characters (owner code + category + serial), or null if malformed. */
export function iso6346CheckDigit(prefix: string): number | null {
  if (!/^[A-Z]{3}[UJZ][0-9]{6}$/.test(prefix)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = prefix.charAt(i);
    const value = i < 4 ? (LETTER_VALUES[ch] ?? 0) : ch.charCodeAt(0) - 48;
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

export interface ContainerNumber {
  ownerCode: string;
  category: ContainerCategory;
  serial: string;
  checkDigit: number;
  checkDigitValid: boolean;
}

/**
 * Parses text such as "CSQU 305438 3" or "CSQU3054383" (spaces and dashes ignored, case-insensitive).
 * A wrong check digit still parses, with `checkDigitValid: false`, because gate logs record what the
 * camera read; only text that cannot be a container number returns null.
 */
export function parseContainerNumber(text: string): ContainerNumber | null {
  const compact = text.toUpperCase().replace(/[\s-]/g, "");
  const match = /^([A-Z]{3})([UJZ])([0-9]{6})([0-9])$/.exec(compact);
  if (!match) return null;
  const [, ownerCode = "", category = "U", serial = "", digit = "0"] = match;
  const expected = iso6346CheckDigit(ownerCode + category + serial);
  const checkDigit = Number(digit);
  return {
    ownerCode,
    category: category as ContainerCategory,
    serial,
    checkDigit,
    checkDigitValid: expected === checkDigit,
  };
}

export function formatContainerNumber(
  c: Pick<ContainerNumber, "ownerCode" | "category" | "serial" | "checkDigit">,
) {
  return `${c.ownerCode}${c.category} ${c.serial} ${c.checkDigit}`;
}
