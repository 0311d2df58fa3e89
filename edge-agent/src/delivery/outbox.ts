import { MemoryTail } from "./memory-tail.js";
import { type OutboxLimits, type OutboxStats, resolveLimits } from "./outbox-limits.js";
import { type OutboxState, readState, writeState } from "./outbox-state.js";
import { encodeRecord, type OutboxMessage, type OutboxRecord } from "./record-codec.js";
import { RecordIndex } from "./record-index.js";
import type { RecordRef } from "./segment-file.js";
import { SegmentStore } from "./segment-store.js";
import { ensureDir } from "./storage-errors.js";
import { StorageGuard, type StorageListener } from "./storage-guard.js";

export type { OutboxLimits, OutboxStats } from "./outbox-limits.js";

/**
 * Durable store-and-forward queue. Records go to append-only segment files and stay there until the hub
 * confirms them (`ack`), so events produced while offline, or before a restart, are replayed in order.
 *
 * Crash window: appends reach the OS page cache at once (a killed process loses nothing) but are fsynced
 * every `fsyncIntervalMs`, so a power cut can lose up to that much of the newest records. The cursor is
 * persisted on the same schedule; losing its latest advance only causes redelivery (deduplicated by id).
 *
 * Full or read-only disk: nothing throws. New records go to a bounded memory tail (see MemoryTail for
 * what is dropped first) that the publisher drains like the disk. The disk is retried every `diskRetryMs`;
 * when it takes writes again the tail is written back in order and everything continues from disk. Ids
 * keep increasing throughout; the tail is lost if the process ends before the disk recovers (counted).
 */
export class Outbox {
  private readonly index = new RecordIndex();
  private readonly tail: MemoryTail;
  private readonly guard: StorageGuard;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly limits: Required<OutboxLimits>;
  private readonly store: SegmentStore;

  private constructor(
    private readonly dir: string,
    limits: OutboxLimits,
    private readonly state: OutboxState,
    private truncatedBytes: number,
  ) {
    this.limits = resolveLimits(limits);
    this.store = new SegmentStore(dir, this.limits.segmentBytes);
    this.tail = new MemoryTail({ maxRecords: this.limits.memoryRecords, maxBytes: this.limits.memoryBytes });
    this.guard = new StorageGuard(this.limits.diskRetryMs, () => this.writeBack());
  }

  /** Opens (or creates) the outbox; a full or read-only dir opens too, with storage reported as such. */
  static open(dir: string, limits: OutboxLimits = {}): Outbox {
    const outbox = new Outbox(dir, limits, { ackedId: 0, evicted: 0, diskDropped: 0, nextId: 1 }, 0);
    try {
      ensureDir(dir, "outbox dir");
    } catch (err) {
      if (!outbox.guard.failed(err)) throw err;
    }
    let loaded: ReturnType<SegmentStore["load"]>;
    try {
      Object.assign(outbox.state, readState(dir));
      loaded = outbox.store.load();
    } catch (err) {
      // Not close(): that would write a default cursor over the one that could not be read.
      outbox.guard.stop();
      outbox.store.close();
      throw err;
    }
    outbox.truncatedBytes = loaded.truncatedBytes;
    const { state } = outbox;
    for (const ref of loaded.refs) {
      state.nextId = Math.max(state.nextId, ref.id + 1);
      if (ref.id > state.ackedId) outbox.index.push(ref);
    }
    state.nextId = Math.max(state.nextId, state.ackedId + 1);
    outbox.dropAckedSegments();
    return outbox;
  }

  /** Queues a message and returns its id. Evicts the oldest unacknowledged records if a bound is hit. */
  append(message: OutboxMessage, now: number = Date.now()): number {
    this.assertOpen();
    const id = this.state.nextId;
    const buffer = encodeRecord({ ...message, id, enqueuedAt: now });
    if (buffer.byteLength > this.limits.maxBytes) throw new RangeError("outbox: record exceeds maxBytes");
    this.state.nextId = id + 1;
    this.dirty = true;
    let onDisk = false;
    // Once a record waits in memory every later one does too, so the disk never gets them out of order.
    if (!this.guard.problem && this.tail.depth === 0) {
      try {
        this.writeToDisk(id, buffer);
        onDisk = true;
      } catch (err) {
        if (!this.guard.failed(err)) throw err;
      }
    }
    if (!onDisk) {
      const replaceable = message.retain || message.qos === 0;
      this.state.diskDropped += this.tail.push({ id, topic: message.topic, buffer }, replaceable);
    }
    if (this.limits.fsyncIntervalMs === 0) this.flush();
    else this.scheduleFlush();
    this.dropAckedSegments();
    for (const listener of this.listeners) listener();
    return id;
  }

  /** Up to `n` unacknowledged records with ids above `afterId` (default: from the oldest), in order. */
  peek(n: number, afterId: number = this.state.ackedId): OutboxRecord[] {
    this.assertOpen();
    const fromDisk = this.index.after(afterId, n).map((ref) => this.store.read(ref));
    if (fromDisk.length >= n) return fromDisk;
    // Every record in memory is newer than every record on disk.
    return [...fromDisk, ...this.tail.after(afterId, n - fromDisk.length)];
  }

  /** The cursor: every record up to this id is gone (delivered or evicted). */
  get ackedId(): number {
    return this.state.ackedId;
  }

  /** Marks every record up to and including `upToId` as delivered; fully delivered segments are deleted. */
  ack(upToId: number): void {
    this.assertOpen();
    const upTo = Math.min(upToId, this.state.nextId - 1);
    if (upTo <= this.state.ackedId) return;
    while ((this.index.oldest()?.id ?? Number.POSITIVE_INFINITY) <= upTo) this.index.shift();
    this.tail.removeUpTo(upTo);
    this.state.ackedId = upTo;
    this.dirty = true;
    this.scheduleFlush();
    this.dropAckedSegments();
  }

  stats(): OutboxStats {
    return {
      depth: this.index.depth + this.tail.depth,
      bytes: this.index.bytes + this.tail.bytes,
      evicted: this.state.evicted,
      ackedId: this.state.ackedId,
      nextId: this.state.nextId,
      segments: this.store.count,
      truncatedBytes: this.truncatedBytes,
      storage: this.guard.status(this.tail.depth, this.state.diskDropped),
    };
  }

  /** Called after every append, e.g. to wake the publisher. Returns an unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the disk stops or starts taking writes again. Returns an unsubscribe function. */
  onStorageChange(listener: StorageListener): () => void {
    return this.guard.onChange(listener);
  }

  /** fsyncs pending appends and persists the cursor; runs by itself every `fsyncIntervalMs`. */
  flush(): void {
    // While the disk refuses writes, the guard's retry does this (and writes the memory tail back first).
    if (this.guard.problem) return;
    try {
      this.store.sync();
      if (this.dirty) writeState(this.dir, this.state, true);
      this.dirty = false;
    } catch (err) {
      if (!this.guard.failed(err)) throw err;
    }
  }

  /** Writes what it can and closes; returns how many records held in memory were lost (counted dropped). */
  close(): number {
    if (this.closed) return 0;
    clearTimeout(this.timer);
    this.guard.tryNow();
    this.flush();
    const lost = this.tail.depth;
    if (lost > 0) {
      this.state.diskDropped += lost;
      this.tail.removeUpTo(Number.POSITIVE_INFINITY);
      this.persist(); // if the disk still refuses, this last count ends with the process
    }
    this.guard.stop();
    this.store.close();
    this.listeners.clear();
    this.closed = true;
    return lost;
  }

  /** Appends to the segments, then evicts the oldest records if that broke a bound. Throws fs errors. */
  private writeToDisk(id: number, buffer: Buffer): void {
    this.index.push(this.store.append(id, buffer));
    while (
      this.index.depth > 1 &&
      (this.index.depth > this.limits.maxRecords || this.index.bytes > this.limits.maxBytes)
    ) {
      const ref = this.index.shift() as RecordRef;
      this.state.ackedId = Math.max(this.state.ackedId, ref.id);
      this.state.evicted += 1;
    }
  }

  /** The guard's retry: the memory tail goes to disk in order, then data and cursor are synced. */
  private writeBack(): number {
    ensureDir(this.dir, "outbox dir");
    let written = 0;
    for (let held = this.tail.oldest(); held; held = this.tail.oldest()) {
      this.writeToDisk(held.id, held.buffer);
      this.tail.shift();
      written += 1;
    }
    this.store.sync();
    writeState(this.dir, this.state, true);
    this.dirty = false;
    return written;
  }

  /** Deletes closed segments whose records are all acknowledged; the active one is kept until it rotates. */
  private dropAckedSegments(): void {
    try {
      // The cursor should reach the disk before the records it passed go, but space matters more now.
      this.store.dropUpTo(this.state.ackedId, () => this.persist());
    } catch (err) {
      if (!this.guard.failed(err)) throw err;
    }
  }

  /** Writes the cursor file; a storage error is recorded by the guard instead of thrown. */
  private persist(): void {
    try {
      writeState(this.dir, this.state, true);
      this.dirty = false;
    } catch (err) {
      if (!this.guard.failed(err)) throw err;
    }
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.flush();
    }, this.limits.fsyncIntervalMs);
    this.timer.unref();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("outbox: closed");
  }
}
