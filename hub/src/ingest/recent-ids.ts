/**
 * The most recent event ids this hub accepted, so a replayed event is dropped before it costs a
 * broadcast or a database round trip. Bounded: the oldest id is forgotten first, and anything older
 * is still caught by the tables' primary keys (`on conflict do nothing`).
 *
 * A Map keeps insertion order, which makes it a FIFO with O(1) eviction. Ids are not refreshed on a
 * hit: replays come shortly after the original, so recency of first sight is what matters.
 */
export class RecentIds {
  private readonly ids = new Map<string, true>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
  }

  /** True when `id` was seen before (a duplicate); otherwise remembers it and returns false. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return false;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
