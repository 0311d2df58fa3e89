import type { MessageOf } from "@sitewatch/shared-protocol";
import type { GateClip } from "@sitewatch/testkit";
import type { ReceivedEntry } from "./gate-rig.js";

/**
 * The clip's passages as they happened on the wall clock, and the gate entries scored against them.
 * The clip says which container codes each passage shows and when it leaves the picture; an entry
 * belongs to the passage on screen at its best frame (`at`).
 */
export interface PassageRun {
  /** Which showing of the clip (the camera loops it). */
  loop: number;
  codes: readonly string[];
  startsAt: number;
  /** The last frame with anything of the passage in view: "passage end". */
  endsAt: number;
}

/** An entry's best frame may sit on the border frame of its passage; the camera's clock is ±0.2 s. */
const SLACK_MS = 500;

/** The passages wholly inside [from, to] (epoch ms). */
export function passageRuns(clip: GateClip, clipStart: number, from: number, to: number): PassageRun[] {
  const { durationS, passages } = clip.timeline;
  const runs: PassageRun[] = [];
  for (let loop = 0; clipStart + loop * durationS * 1000 < to; loop++) {
    for (const p of passages) {
      const startsAt = clipStart + (loop * durationS + p.fromS) * 1000;
      const endsAt = clipStart + (loop * durationS + p.toS) * 1000;
      if (startsAt >= from && endsAt <= to) runs.push({ loop, codes: p.codes, startsAt, endsAt });
    }
  }
  return runs;
}

/** Whether the entry's best frame shows this passage. */
export const inRun = (run: PassageRun, entry: MessageOf<"gateEntry">): boolean =>
  entry.at >= run.startsAt - SLACK_MS && entry.at <= run.endsAt + SLACK_MS;

export const validCode = (entry: MessageOf<"gateEntry">): string | undefined => {
  const c = entry.container;
  return c?.checkDigitValid ? `${c.ownerCode}${c.category}${c.serial}${c.checkDigit}` : undefined;
};

export interface PassageScore {
  passages: number;
  /** Passages whose every container was read right with a valid check digit. */
  passagesRead: number;
  containers: number;
  containersRead: number;
  entries: number;
  /** Valid codes that are no container of their passage, as "code (passage's codes)". */
  wrongValid: string[];
  /** Entries beyond one per container in a passage. */
  duplicates: number;
  /** Entries whose best frame fell on the empty lane between passages of the window. */
  outside: number;
  /** Passage end → the agent's event (its ts), → a Node Socket.IO client, → the row in the browser. */
  toAgentMs: number[];
  toSocketMs: number[];
  toRowMs: number[];
  /** Entries of these passages that never showed as a row. */
  rowsMissing: number;
  /** One line per passage, for the log. */
  lines: string[];
}

export function scorePassages(
  runs: readonly PassageRun[],
  received: readonly ReceivedEntry[],
  rowsSeen: Readonly<Record<string, number>>,
  activity: readonly { event: string; ts: number }[] = [],
): PassageScore {
  const score: PassageScore = {
    passages: runs.length,
    passagesRead: 0,
    containers: 0,
    containersRead: 0,
    entries: 0,
    wrongValid: [],
    duplicates: 0,
    outside: 0,
    toAgentMs: [],
    toSocketMs: [],
    toRowMs: [],
    rowsMissing: 0,
    lines: [],
  };
  const claimed = new Set<ReceivedEntry>();
  for (const run of runs) {
    const mine = received.filter((r) => inRun(run, r.entry));
    for (const r of mine) claimed.add(r);
    const valid = mine.flatMap((r) => validCode(r.entry) ?? []);
    const read = run.codes.filter((code) => valid.includes(code));
    score.containers += run.codes.length;
    score.containersRead += read.length;
    if (read.length === run.codes.length) score.passagesRead += 1;
    score.entries += mine.length;
    score.duplicates += Math.max(0, mine.length - run.codes.length);
    for (const code of valid)
      if (!run.codes.includes(code)) score.wrongValid.push(`${code} (${run.codes.join(", ")})`);
    for (const r of mine) {
      score.toAgentMs.push(r.entry.ts - run.endsAt);
      score.toSocketMs.push(r.receivedAt - run.endsAt);
      const shown = rowsSeen[r.entry.id];
      if (shown === undefined) score.rowsMissing += 1;
      else score.toRowMs.push(Math.round(shown - run.endsAt));
    }
    const shownAs = mine.map((r) => {
      const shown = rowsSeen[r.entry.id];
      const row = shown === undefined ? "no row" : `row +${Math.round(shown - run.endsAt)} ms`;
      return `${validCode(r.entry) ?? `invalid "${r.entry.rawText}"`} entry +${r.entry.ts - run.endsAt} ms, ${row}`;
    });
    // When the agent itself saw the lane busy and then empty again: a late "stopped" is the camera's or
    // the tracker's delay, an entry long after an early "stopped" is the reading's.
    const started = activity.find(
      (a) => a.event === "processing-started" && a.ts >= run.startsAt - 1_000 && a.ts <= run.endsAt,
    )?.ts;
    const stopped = activity.find(
      (a) => a.event === "processing-stopped" && a.ts > (started ?? run.endsAt),
    )?.ts;
    const rel = (at: number | undefined, to: number) => (at === undefined ? "?" : `${at - to} ms`);
    const view = `agent busy from start ${rel(started, run.startsAt)} to end ${rel(stopped, run.endsAt)}`;
    score.lines.push(
      `loop ${run.loop} ${run.codes.join(",")}: ${shownAs.join("; ") || "no entry"} (${view})`,
    );
  }
  const from = Math.min(...runs.map((r) => r.startsAt));
  const to = Math.max(...runs.map((r) => r.endsAt));
  score.outside = received.filter((r) => !claimed.has(r) && r.entry.at >= from && r.entry.at <= to).length;
  return score;
}
