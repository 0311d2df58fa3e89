import type { SeqRange } from "./messages/delivery.js";

/**
 * A set of sequence numbers kept as sorted, disjoint, non-adjacent inclusive ranges: what the hub
 * collects for a `settled` message and what the device remembers of it. Numbers mostly arrive in
 * order, so adding at the end is O(1); anything else is a binary search plus a merge.
 */
export class SeqRanges {
  private items: SeqRange[] = [];

  /** Number of ranges (not of numbers). */
  get size(): number {
    return this.items.length;
  }

  /** The highest number held, or undefined when empty. */
  get last(): number | undefined {
    return this.items.at(-1)?.[1];
  }

  /**
   * Adds `from` … `to`. Refuses (returns false, changes nothing) when that would need more than `limit`
   * ranges; a range that touches or overlaps one already held always fits.
   */
  add(from: number, to: number = from, limit = Number.POSITIVE_INFINITY): boolean {
    if (to < from) return true;
    const items = this.items;
    const tail = items.at(-1);
    if (!tail || from > tail[1] + 1) {
      if (items.length >= limit) return false;
      items.push([from, to]);
      return true;
    }
    // First range that ends at or after from - 1, i.e. the first one this could touch.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((items[mid] as SeqRange)[1] < from - 1) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < items.length && (items[end] as SeqRange)[0] <= to + 1) end += 1;
    if (end === lo) {
      if (items.length >= limit) return false;
      items.splice(lo, 0, [from, to]);
      return true;
    }
    const merged: SeqRange = [
      Math.min(from, (items[lo] as SeqRange)[0]),
      Math.max(to, (items[end - 1] as SeqRange)[1]),
    ];
    items.splice(lo, end - lo, merged);
    return true;
  }

  has(seq: number): boolean {
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const [from, to] = this.items[mid] as SeqRange;
      if (seq < from) hi = mid - 1;
      else if (seq > to) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Forgets every number up to and including `seq`. */
  deleteUpTo(seq: number): void {
    let drop = 0;
    while (drop < this.items.length && (this.items[drop] as SeqRange)[1] <= seq) drop += 1;
    if (drop > 0) this.items.splice(0, drop);
    const first = this.items[0];
    if (first && first[0] <= seq) first[0] = seq + 1;
  }

  /** The ranges, ascending; a copy the caller may keep. */
  toArray(): SeqRange[] {
    return this.items.map(([from, to]) => [from, to]);
  }

  clear(): void {
    this.items = [];
  }
}
