import type { ReadResult } from "./gate-reader.js";

/** A reader's result from one frame of a passage. */
export interface FrameRead extends ReadResult {
  /** Identifies the frame (camera and time), so two codes in one frame are known to be two containers. */
  readonly frame: string;
  /** When the frame was taken. */
  readonly at: number;
}

/** What a passage says about one container. */
export interface Verdict {
  /** The code voted for; absent when nothing code-shaped was read. */
  readonly code?: string;
  /** True only when reads of exactly this code were valid as the reader gave them. */
  readonly valid: boolean;
  readonly rawText: string;
  /** The winner's share of the reads about this container, times its best read's confidence. */
  readonly confidence: number;
  /** The read standing for the verdict (its box and frame time go into the entry). */
  readonly best: FrameRead;
  /** Reads of exactly this code. */
  readonly votes: number;
}

/**
 * Codes this close (positions that differ) read in different frames are the same container misread:
 * two real containers on one truck rarely share owner and most of the serial. One frame showing both
 * proves two containers whatever the distance.
 */
export const SAME_CONTAINER = 3;

interface Candidate {
  code: string;
  reads: FrameRead[];
  weight: number;
}

const distance = (a: string, b: string) => {
  let d = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) d += 1;
  return d;
};
const apart = (a: ReadResult["box"], b: ReadResult["box"]) =>
  a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
/** Both codes read in one frame at different places: two containers, however alike. */
const seenTogether = (a: Candidate, b: Candidate) =>
  a.reads.some((r) => b.reads.some((s) => s.frame === r.frame && apart(r.box, s.box)));
const readsIn = (group: readonly Candidate[]) => group.reduce((n, c) => n + c.reads.length, 0);
const byBest = (a: FrameRead, b: FrameRead) => b.confidence - a.confidence || a.at - b.at;

function candidates(reads: readonly FrameRead[]): Candidate[] {
  const byCode = new Map<string, Candidate>();
  for (const read of reads) {
    if (read.code === undefined) continue;
    const c = byCode.get(read.code) ?? { code: read.code, reads: [], weight: 0 };
    c.reads.push(read);
    c.weight += read.confidence;
    byCode.set(read.code, c);
  }
  return [...byCode.values()].sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code));
}

/** Groups candidates (strongest first) into containers: each joins the first group it is close to. */
function containers(list: readonly Candidate[]): Candidate[][] {
  const groups: Candidate[][] = [];
  for (const c of list) {
    const home = groups.find((g) =>
      g.every((o) => distance(o.code, c.code) <= SAME_CONTAINER && !seenTogether(o, c)),
    );
    if (home) home.push(c);
    else groups.push([c]);
  }
  return groups;
}

/** How many characters of the other reads about the container agree with `code`, position by position. */
function agreement(code: string, group: readonly Candidate[]): number {
  let n = 0;
  for (const c of group)
    for (const r of c.reads) for (let i = 0; i < code.length; i++) if (r.code?.[i] === code[i]) n += 1;
  return n;
}

/** The strongest candidate; equal weights go to the one the reads agree with character by character. */
function winner(among: readonly Candidate[], group: readonly Candidate[] = among): Candidate {
  return [...among].sort(
    (a, b) =>
      b.weight - a.weight ||
      agreement(b.code, group) - agreement(a.code, group) ||
      a.code.localeCompare(b.code),
  )[0] as Candidate;
}

function verdict(win: Candidate, group: readonly Candidate[], valid: boolean): Verdict {
  const total = group.reduce((sum, c) => sum + c.weight, 0);
  const best = [...win.reads].sort(byBest)[0] as FrameRead;
  const share = total > 0 ? win.weight / total : 0;
  return {
    code: win.code,
    valid,
    rawText: best.rawText,
    confidence: share * best.confidence,
    best,
    votes: win.reads.length,
  };
}

/**
 * One verdict per distinct container of a passage, from the reads of all its OCR'd frames (and of all
 * cameras of its group). Valid codes outrank invalid ones whatever their number: an invalid read
 * near a valid code counts against its confidence but never replaces it. A valid verdict is always a
 * code some read gave as valid — votes pick among reads, they never compose a code — and with nothing
 * valid the verdict is the most-read invalid code, or failing that the clearest text, as read.
 */
export function votePassage(reads: readonly FrameRead[]): Verdict[] {
  const all = candidates(reads);
  const isValid = (c: Candidate) => c.reads.some((r) => r.valid);
  // A code the reader called both valid and not (two readers, two repairs) counts as valid.
  const valid = all.filter(isValid);
  const invalid = all.filter((c) => !isValid(c));
  const out: Verdict[] = [];
  const groups = containers(valid);
  for (const group of groups) {
    const near = invalid.filter((c) => group.some((v) => distance(c.code, v.code) <= SAME_CONTAINER));
    const about = [...group, ...near];
    out.push(verdict(winner(group, about), about, true));
  }
  const taken = new Set(
    invalid.filter((c) => valid.some((v) => distance(c.code, v.code) <= SAME_CONTAINER)).map((c) => c.code),
  );
  const rest = containers(invalid.filter((c) => !taken.has(c.code)));
  rest.forEach((group, i) => {
    const win = winner(group);
    // Beside the first container, a stray invalid code read once is more likely noise than a container.
    if ((groups.length > 0 || i > 0) && readsIn(group) < 2) return;
    out.push(verdict(win, group, false));
  });
  if (out.length > 0) return out;
  const text = reads.filter((r) => r.rawText.trim() !== "").sort(byBest)[0];
  if (!text) return [];
  return [{ valid: false, rawText: text.rawText, confidence: text.confidence, best: text, votes: 1 }];
}

/** Some valid code was read on `frames` different frames: reading more would only cost time. */
export function confirmed(reads: readonly FrameRead[], frames: number): boolean {
  const seen = new Map<string, Set<string>>();
  for (const r of reads) {
    if (!r.valid || r.code === undefined) continue;
    const mine = seen.get(r.code) ?? new Set<string>();
    mine.add(r.frame);
    seen.set(r.code, mine);
    if (mine.size >= frames) return true;
  }
  return false;
}
