/**
 * Per-device sequence numbers. Devices number their events 1, 2, 3… so the hub can tell lost events
 * (a gap) from replays (an old number) and from an agent restart (numbering starts again).
 *
 * The verdict is for metrics and logs only: duplicates are dropped by event id, never by sequence
 * number, because an old number with a new id is a real, late event (store-and-forward replay).
 */
export type SequenceVerdict =
  | { kind: "first" }
  | { kind: "next" }
  | { kind: "gap"; missing: number; expected: number }
  | { kind: "old"; last: number }
  | { kind: "restart"; last: number };

/** A sequence number at or below this after a larger one means the agent started counting again. */
export const RESTART_THRESHOLD = 1;

/** Pure classification of `seq` given the device's last number (undefined = never seen). */
export function classifySequence(last: number | undefined, seq: number): SequenceVerdict {
  if (last === undefined) return { kind: "first" };
  if (seq === last + 1) return { kind: "next" };
  if (seq > last + 1) return { kind: "gap", missing: seq - last - 1, expected: last + 1 };
  if (seq <= RESTART_THRESHOLD && last > RESTART_THRESHOLD) return { kind: "restart", last };
  return { kind: "old", last };
}

export interface SequenceCounts {
  next: number;
  gap: number;
  missing: number;
  old: number;
  restart: number;
}

/**
 * Remembers the highest sequence number per device. An old number does not move it back, so one late
 * replay does not make every following event look like a gap.
 */
export class SequenceTracker {
  private readonly last = new Map<string, number>();
  readonly counts: SequenceCounts = { next: 0, gap: 0, missing: 0, old: 0, restart: 0 };

  observe(deviceKey: string, seq: number): SequenceVerdict {
    const verdict = classifySequence(this.last.get(deviceKey), seq);
    switch (verdict.kind) {
      case "first":
      case "next":
        this.counts.next += 1;
        this.last.set(deviceKey, seq);
        break;
      case "gap":
        this.counts.gap += 1;
        this.counts.missing += verdict.missing;
        this.last.set(deviceKey, seq);
        break;
      case "restart":
        this.counts.restart += 1;
        this.last.set(deviceKey, seq);
        break;
      case "old":
        this.counts.old += 1;
        break;
    }
    return verdict;
  }

  forget(deviceKey: string): void {
    this.last.delete(deviceKey);
  }

  get size(): number {
    return this.last.size;
  }
}

/**
 * The most recent event ids this hub accepted, so a replayed event is dropped before it costs a
 * broadcast or a database round trip. Bounded: the oldest id is forgotten first, and anything older
 * is still caught by the tables' primary keys (`on conflict do nothing`).
 *
 * A ring of the last `capacity` ids says which one to forget next, so eviction is O(1) however long
 * the hub runs (a Map's "oldest key" gets slower as deleted entries pile up at its front). Ids are not
 * refreshed on a hit: replays come shortly after the original, so recency of first sight is what matters.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a positive integer");
    this.ring = new Array(capacity);
  }

  /** True when `id` was seen before (a duplicate); otherwise remembers it and returns false. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
    return false;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
