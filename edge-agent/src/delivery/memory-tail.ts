import { decodeBody, type OutboxRecord, RECORD_HEADER_BYTES } from "./record-codec.js";

export interface MemoryTailLimits {
  maxRecords: number;
  maxBytes: number;
}

/** One record the disk refused, kept encoded so it can be written back byte for byte. */
export interface HeldRecord {
  id: number;
  topic: string;
  buffer: Buffer;
}

/**
 * The outbox's records that the disk could not take, oldest first, bounded in records and bytes.
 *
 * When the bound is hit, what goes first is what loses least: a retained or QoS-0 record (seat
 * checkpoint, camera status, health) that a newer record on the same topic already supersedes, and only
 * then the oldest record. Refusing the newest instead would freeze the hub on the seat state of the
 * moment the disk filled; dropping from the old end loses history, and the present comes back with the
 * next seat checkpoint (sent on every reconnect and every few minutes).
 */
export class MemoryTail {
  private readonly held = new Map<number, HeldRecord>();
  /** Ids in order, with holes where a superseded record was taken out; `held` says which are live. */
  private ids: number[] = [];
  private head = 0;
  private readonly latestByTopic = new Map<string, number>();
  /** Retained or QoS-0 records: a newer one on the same topic makes them worthless. */
  private readonly replaceable = new Set<number>();
  /** Replaceable records that a newer one superseded, in the order that happened; the first to go. */
  private superseded: number[] = [];
  private supersededHead = 0;
  private totalBytes = 0;

  constructor(private readonly limits: MemoryTailLimits) {}

  get depth(): number {
    return this.held.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Adds a record (ids must increase) and returns how many records were discarded to keep the bound. */
  push(record: HeldRecord, replaceable: boolean): number {
    const size = record.buffer.byteLength;
    if (size > this.limits.maxBytes) return 1;
    let dropped = 0;
    while (
      this.held.size > 0 &&
      (this.held.size + 1 > this.limits.maxRecords || this.totalBytes + size > this.limits.maxBytes)
    ) {
      this.remove(this.victim());
      dropped += 1;
    }
    const previous = this.latestByTopic.get(record.topic);
    if (previous !== undefined && this.replaceable.has(previous)) this.superseded.push(previous);
    // Entries of records that left otherwise (to disk, acknowledged) are skipped lazily; prune them now and then.
    if (this.superseded.length - this.supersededHead > 2 * this.held.size + 1024) {
      this.superseded = this.superseded.slice(this.supersededHead).filter((id) => this.held.has(id));
      this.supersededHead = 0;
    }
    this.latestByTopic.set(record.topic, record.id);
    if (replaceable) this.replaceable.add(record.id);
    this.held.set(record.id, record);
    this.ids.push(record.id);
    this.totalBytes += size;
    return dropped;
  }

  oldest(): HeldRecord | undefined {
    this.skipHoles();
    const id = this.ids[this.head];
    return id === undefined ? undefined : this.held.get(id);
  }

  /** Takes out the oldest record (it went to disk, or the broker acknowledged it). */
  shift(): HeldRecord | undefined {
    const record = this.oldest();
    if (record) this.remove(record.id);
    return record;
  }

  /** Drops every record up to and including `id` (acknowledged by the broker). */
  removeUpTo(id: number): void {
    for (let r = this.oldest(); r && r.id <= id; r = this.oldest()) this.remove(r.id);
  }

  /** Up to `n` records with ids above `afterId`, decoded, in order. */
  after(afterId: number, n: number): OutboxRecord[] {
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as number) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    const out: OutboxRecord[] = [];
    for (let i = lo; i < this.ids.length && out.length < n; i++) {
      const held = this.held.get(this.ids[i] as number);
      if (held) out.push(decode(held));
    }
    return out;
  }

  private victim(): number {
    while (this.supersededHead < this.superseded.length) {
      const id = this.superseded[this.supersededHead++] as number;
      if (this.supersededHead > 1024 && this.supersededHead * 2 > this.superseded.length) {
        this.superseded = this.superseded.slice(this.supersededHead);
        this.supersededHead = 0;
      }
      if (this.held.has(id)) return id;
    }
    return (this.oldest() as HeldRecord).id;
  }

  private remove(id: number): void {
    const record = this.held.get(id);
    if (!record) return;
    this.held.delete(id);
    this.replaceable.delete(id);
    this.totalBytes -= record.buffer.byteLength;
    if (this.latestByTopic.get(record.topic) === id) this.latestByTopic.delete(record.topic);
    this.skipHoles();
  }

  private skipHoles(): void {
    while (this.head < this.ids.length && !this.held.has(this.ids[this.head] as number)) this.head += 1;
    // Compact now and then instead of shifting the array per record, which is O(n).
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
  }
}

function decode(held: HeldRecord): OutboxRecord {
  const record = decodeBody(held.buffer.subarray(RECORD_HEADER_BYTES), held.buffer.readUInt32BE(4));
  // The buffer was encoded in this process and never left memory: a mismatch is a bug, not a disk error.
  if (!record) throw new Error(`outbox: record ${held.id} held in memory is corrupt`);
  return record;
}
