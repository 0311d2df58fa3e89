import { unlink } from "node:fs/promises";
import { join } from "node:path";
import type { SegmentEntry, SegmentIndex } from "./segment-index.js";

export interface RetentionPolicy {
  /** Segments that ended longer ago than this are deleted. */
  retentionDays?: number;
  /** The camera's segments together may take at most this many GiB; the oldest go first. */
  maxGiB?: number;
}

export interface Expired {
  entry: SegmentEntry;
  why: "age" | "quota";
}

const DAY_MS = 86_400_000;

/**
 * Which segments to delete, oldest first: every one older than the retention, then more of the oldest
 * until the rest fit the quota. The newest segment is never deleted for the quota, so a quota smaller
 * than one segment still keeps the latest recording.
 */
export function expiredSegments(
  entries: readonly SegmentEntry[],
  policy: RetentionPolicy,
  now: number,
): Expired[] {
  const oldestFirst = [...entries].sort((a, b) => a.startedAt - b.startedAt);
  const expired: Expired[] = [];
  let total = oldestFirst.reduce((sum, e) => sum + e.bytes, 0);
  const maxBytes = policy.maxGiB === undefined ? Number.POSITIVE_INFINITY : policy.maxGiB * 2 ** 30;
  const cutoff =
    policy.retentionDays === undefined ? Number.NEGATIVE_INFINITY : now - policy.retentionDays * DAY_MS;
  oldestFirst.forEach((entry, i) => {
    const last = i === oldestFirst.length - 1;
    if (entry.startedAt + entry.durationMs < cutoff) expired.push({ entry, why: "age" });
    else if (total > maxBytes && !last) expired.push({ entry, why: "quota" });
    else return;
    total -= entry.bytes;
  });
  return expired;
}

/**
 * Deletes what the policy expires: the index line first, then the file, so a crash between them leaves
 * a stray file that the next load adds back and deletes again rather than an entry pointing at nothing.
 */
export async function applyRetention(
  index: SegmentIndex,
  policy: RetentionPolicy,
  now: number,
): Promise<Expired[]> {
  const expired = expiredSegments(index.list(), policy, now);
  for (const { entry } of expired) {
    await index.remove(entry.id);
    await unlink(join(index.dir, entry.file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
  return expired;
}
