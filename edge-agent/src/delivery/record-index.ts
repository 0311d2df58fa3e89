import type { RecordRef } from "./segment-file.js";

/**
 * In-memory list of the unacknowledged records' locations, oldest first. Only positions are kept, not
 * payloads, so a backlog of many megabytes costs a few dozen bytes of memory per record.
 */
export class RecordIndex {
  private refs: RecordRef[] = [];
  private head = 0;
  private totalBytes = 0;

  get depth(): number {
    return this.refs.length - this.head;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(ref: RecordRef): void {
    this.refs.push(ref);
    this.totalBytes += ref.bytes;
  }

  oldest(): RecordRef | undefined {
    return this.refs[this.head];
  }

  /** Removes and returns the oldest record. */
  shift(): RecordRef | undefined {
    const ref = this.refs[this.head];
    if (!ref) return undefined;
    this.totalBytes -= ref.bytes;
    this.head += 1;
    // Compact now and then instead of Array.shift() per record, which is O(n).
    if (this.head > 1024 && this.head * 2 > this.refs.length) {
      this.refs = this.refs.slice(this.head);
      this.head = 0;
    }
    return ref;
  }

  /** Up to `n` records with ids above `afterId`, found by binary search (ids are increasing). */
  after(afterId: number, n: number): RecordRef[] {
    let lo = this.head;
    let hi = this.refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.refs[mid] as RecordRef).id <= afterId) lo = mid + 1;
      else hi = mid;
    }
    return this.refs.slice(lo, lo + n);
  }
}
