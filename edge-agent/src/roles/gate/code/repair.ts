import { alternativesAt } from "./confusions.js";
import { CODE_LENGTH, isValidCode } from "./iso6346.js";

/**
 * Check-digit repair of an eleven-character reading. Every position is expanded into what it may
 * stand for (itself, or its look-alikes of the kind that position holds), and the check digit picks
 * among the combinations:
 *
 * - "valid": read as is, check digit holds;
 * - "repaired": exactly one combination holds, it is returned with the substitutions it took;
 * - "uncertain": two or more hold — nothing says which, so none is chosen;
 * - "invalid": none holds, or a position fits no character at all.
 *
 * A repair is never a guess between readings: with two valid combinations nothing is claimed. The
 * check digit cannot tell every misread (see iso6346.ts for how often it misses), which is why the
 * reader also reports the recogniser's confidence and whether a repair was needed.
 */
export type RepairResult =
  | { status: "valid" | "repaired"; code: string; substitutions: number; raw: string }
  | { status: "uncertain"; candidates: string[]; raw: string }
  | { status: "invalid"; raw: string };

/** Beyond this many combinations a reading is noise rather than a code with a few confusions. */
const MAX_COMBINATIONS = 64;

export function repairCode(raw: string, maxSubstitutions = 3): RepairResult {
  const read = raw.toUpperCase();
  if (read.length !== CODE_LENGTH) return { status: "invalid", raw };
  if (isValidCode(read)) return { status: "valid", code: read, substitutions: 0, raw };
  // The case as read: a lower-case g is a 9, which upper-casing would turn into a G (a 6).
  const options = [...raw].map((c, i) => alternativesAt(i, c));
  if (options.some((o) => o.length === 0)) return { status: "invalid", raw };
  const forced = options.filter((o) => o.some((a) => a.substituted)).length;
  const combinations = options.reduce((n, o) => n * o.length, 1);
  if (forced > maxSubstitutions || combinations > MAX_COMBINATIONS) return { status: "invalid", raw };
  const valid: { code: string; substitutions: number }[] = [];
  const walk = (i: number, prefix: string, substitutions: number): void => {
    if (i === CODE_LENGTH) {
      if (isValidCode(prefix)) valid.push({ code: prefix, substitutions });
      return;
    }
    for (const alt of options[i] ?? [])
      walk(i + 1, prefix + alt.char, substitutions + (alt.substituted ? 1 : 0));
  };
  walk(0, "", 0);
  if (valid.length === 0) return { status: "invalid", raw };
  if (valid.length > 1) return { status: "uncertain", candidates: valid.map((v) => v.code), raw };
  const [only] = valid as [{ code: string; substitutions: number }];
  return { status: only.substitutions === 0 ? "valid" : "repaired", ...only, raw };
}
