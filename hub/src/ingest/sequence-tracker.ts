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
  | { kind: "late"; last: number }
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
  /** Jumps over numbers not seen yet; most are filled moments later (see `late`). */
  gap: number;
  /** Numbers skipped by gaps, lost or not. */
  missing: number;
  /** Numbers that arrived after a later one: reordered on the way, not lost. */
  late: number;
  /** Numbers still missing when the grace period ran out: events really lost. */
  lost: number;
  old: number;
  restart: number;
}

/** Numbers of one device still missing since a gap, with when the gap was noticed. */
interface Missing {
  from: number;
  to: number;
  since: number;
}

/** A run of numbers that stayed missing past the grace period. */
export interface LostRun {
  deviceKey: string;
  from: number;
  to: number;
}

/** Beyond this many open gaps on one device the oldest is given up at once (memory bound). */
const MAX_OPEN_GAPS = 64;

/**
 * Remembers the highest sequence number per device. An old number does not move it back, so one late
 * replay does not make every following event look like a gap. A gap is not a loss yet: brokers may
 * reorder one client's messages across topics (aedes handles the messages of one TCP read
 * concurrently), so skipped numbers wait `graceMs` for a late arrival and only then count as lost.
 */
export class SequenceTracker {
  private readonly last = new Map<string, number>();
  private readonly open = new Map<string, Missing[]>();
  readonly counts: SequenceCounts = { next: 0, gap: 0, missing: 0, late: 0, lost: 0, old: 0, restart: 0 };

  constructor(readonly graceMs = 10_000) {}

  observe(deviceKey: string, seq: number, now = Date.now()): SequenceVerdict {
    const verdict = classifySequence(this.last.get(deviceKey), seq);
    switch (verdict.kind) {
      case "first":
      case "next":
        this.counts.next += 1;
        this.last.set(deviceKey, seq);
        break;
      case "gap": {
        this.counts.gap += 1;
        this.counts.missing += verdict.missing;
        this.last.set(deviceKey, seq);
        const gaps = this.open.get(deviceKey) ?? [];
        gaps.push({ from: verdict.expected, to: seq - 1, since: now });
        // Given up at once, the oldest gap is reported as lost by the next sweep.
        if (gaps.length > MAX_OPEN_GAPS) (gaps[0] as Missing).since = Number.NEGATIVE_INFINITY;
        this.open.set(deviceKey, gaps);
        break;
      }
      case "restart":
        this.counts.restart += 1;
        this.last.set(deviceKey, seq);
        this.open.delete(deviceKey);
        break;
      case "old":
      case "late":
        if (this.fill(deviceKey, seq)) {
          this.counts.late += 1;
          return { kind: "late", last: verdict.last };
        }
        this.counts.old += 1;
        break;
    }
    return verdict;
  }

  /** Numbers missing for longer than the grace period, now counted as lost and forgotten. */
  sweep(now = Date.now()): LostRun[] {
    const lost: LostRun[] = [];
    for (const [deviceKey, gaps] of this.open) {
      const keep = gaps.filter((g) => {
        if (now - g.since < this.graceMs) return true;
        lost.push({ deviceKey, from: g.from, to: g.to });
        this.counts.lost += g.to - g.from + 1;
        return false;
      });
      if (keep.length === 0) this.open.delete(deviceKey);
      else this.open.set(deviceKey, keep);
    }
    return lost;
  }

  /** Starts a device at a number known from before (the stored last sequence after a hub restart). */
  seed(deviceKey: string, seq: number): void {
    const last = this.last.get(deviceKey);
    if (last === undefined || seq > last) this.last.set(deviceKey, seq);
  }

  forget(deviceKey: string): void {
    this.last.delete(deviceKey);
    this.open.delete(deviceKey);
  }

  get size(): number {
    return this.last.size;
  }

  private fill(deviceKey: string, seq: number): boolean {
    const gaps = this.open.get(deviceKey);
    const i = gaps?.findIndex((g) => seq >= g.from && seq <= g.to) ?? -1;
    if (!gaps || i < 0) return false;
    const g = gaps[i] as Missing;
    const parts: Missing[] = [];
    if (seq > g.from) parts.push({ from: g.from, to: seq - 1, since: g.since });
    if (seq < g.to) parts.push({ from: seq + 1, to: g.to, since: g.since });
    gaps.splice(i, 1, ...parts);
    if (gaps.length === 0) this.open.delete(deviceKey);
    return true;
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

  /**
   * Forgets `id`, so its next arrival is not taken for a duplicate (it was not stored after all). Its
   * ring slot stays; evicting it later may forget a newer sighting early, which stored ids cover.
   */
  forget(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
