import type { CodeCandidate, CodeWindow } from "./assemble.js";
import { alternativesAt } from "./confusions.js";
import type { Piece } from "./region-reader.js";

/**
 * The codes of one picture from its candidates. Candidates that start at the same piece are
 * readings of one painted code, so they are decided together: one valid code wins; two different
 * valid codes from the same paint mean the check digit cannot tell, so the reading is uncertain
 * and no code is claimed. The same code read in two places (roof and doors) is one container.
 */
export type PickStatus = "valid" | "repaired" | "uncertain" | "invalid";

export interface PickedCode {
  status: PickStatus;
  /** The code when valid or repaired; otherwise what was read, upper-cased. */
  code: string;
  raw: string;
  /** For an uncertain reading: the valid codes it could be. */
  alternatives: string[];
  confidence: number;
  /** The pieces of the most confident reading. */
  pieces: Piece[];
  /** The pieces of every reading of this code in the picture (roof and doors, say), best first. */
  sightings: Piece[][];
}

const isValid = (c: CodeCandidate) => c.result.status === "valid" || c.result.status === "repaired";

export function pickCodes(
  candidates: readonly CodeCandidate[],
  incomplete: readonly CodeWindow[],
): PickedCode[] {
  const groups = new Map<Piece, { candidates: CodeCandidate[]; incomplete: CodeWindow[] }>();
  const group = (head: Piece) => {
    let g = groups.get(head);
    if (!g) {
      g = { candidates: [], incomplete: [] };
      groups.set(head, g);
    }
    return g;
  };
  for (const c of candidates) group(c.window.pieces[0] as Piece).candidates.push(c);
  for (const w of incomplete) group(w.pieces[0] as Piece).incomplete.push(w);
  const picked = [...groups.values()].flatMap((g) => decide(g.candidates, g.incomplete));
  return resolve(picked);
}

function decide(candidates: CodeCandidate[], incomplete: CodeWindow[]): PickedCode[] {
  const byConfidence = [...candidates].sort((a, b) => b.confidence - a.confidence);
  const valid = byConfidence.filter(isValid);
  const codes = new Set(valid.map((c) => (c.result as { code: string }).code));
  const best = byConfidence[0];
  if (codes.size === 1) {
    const top = valid[0] as CodeCandidate;
    const { code, status } = top.result as { code: string; status: "valid" | "repaired" };
    return [
      {
        status,
        code,
        raw: top.window.raw,
        alternatives: [],
        confidence: top.confidence,
        pieces: top.window.pieces,
        sightings: valid.map((c) => c.window.pieces),
      },
    ];
  }
  const uncertain = byConfidence.filter((c) => c.result.status === "uncertain");
  if (codes.size > 1 || uncertain.length > 0) {
    const from = valid[0] ?? (uncertain[0] as CodeCandidate);
    const alternatives = new Set(codes);
    for (const c of uncertain)
      if (c.result.status === "uncertain") for (const a of c.result.candidates) alternatives.add(a);
    return [unclaimed("uncertain", from.window, from.confidence, [...alternatives])];
  }
  if (best && looksLikeCode(best.window.raw)) return [unclaimed("invalid", best.window, best.confidence, [])];
  const partial = incomplete.find((w) => looksLikeCode(w.raw));
  if (partial) {
    const confidence = partial.pieces.reduce((s, p) => s + p.confidence, 0) / partial.pieces.length;
    return [unclaimed("invalid", partial, confidence, [])];
  }
  return [];
}

function unclaimed(
  status: "uncertain" | "invalid",
  window: CodeWindow,
  confidence: number,
  alternatives: string[],
): PickedCode {
  const code = window.raw.toUpperCase();
  return {
    status,
    code,
    raw: window.raw,
    alternatives,
    confidence,
    pieces: window.pieces,
    sightings: [window.pieces],
  };
}

/** Reported unread codes must at least start like one: three letters as read and a category. */
function looksLikeCode(raw: string): boolean {
  return /^[A-Za-z]{3}[UJZ]/.test(raw);
}

/** Whether a reading (possibly missing its check digit) is `code` up to look-alikes: the same paint read worse. */
function readsAs(raw: string, code: string): boolean {
  if (raw.length < code.length - 1 || raw.length > code.length) return false;
  return [...raw].every((c, i) => alternativesAt(i, c).some((a) => a.char === code[i]));
}

/**
 * Across groups: one entry per valid code; a reading that shares paint with a valid code is that
 * code read worse and goes; two different valid codes sharing paint are both demoted.
 */
function resolve(picked: PickedCode[]): PickedCode[] {
  const claimed = picked.filter((p) => p.status === "valid" || p.status === "repaired");
  const paint = (p: PickedCode) => new Set(p.sightings.flat());
  const overlaps = (a: PickedCode, b: PickedCode) => {
    const of = paint(b);
    return [...paint(a)].some((piece) => of.has(piece));
  };
  const out: PickedCode[] = [];
  for (const p of claimed) {
    const rivals = claimed.filter((q) => q.code !== p.code && overlaps(p, q));
    if (rivals.length > 0) {
      const alternatives = [...new Set([p.code, ...rivals.map((q) => q.code)])];
      out.push({ ...p, status: "uncertain", alternatives, code: p.raw.toUpperCase() });
      continue;
    }
    const same = out.find((q) => q.code === p.code && (q.status === "valid" || q.status === "repaired"));
    if (!same) out.push(p);
    else {
      const [better, worse] = p.confidence > same.confidence ? [p, same] : [same, p];
      out.splice(out.indexOf(same), 1, { ...better, sightings: [...better.sightings, ...worse.sightings] });
    }
  }
  for (const p of picked) {
    if (claimed.includes(p)) continue;
    if (claimed.some((q) => overlaps(p, q) || readsAs(p.raw, q.code))) continue;
    out.push(p);
  }
  const rank = (p: PickedCode) =>
    p.status === "valid" || p.status === "repaired" ? 0 : p.status === "uncertain" ? 1 : 2;
  return out.sort((a, b) => rank(a) - rank(b) || b.confidence - a.confidence);
}
