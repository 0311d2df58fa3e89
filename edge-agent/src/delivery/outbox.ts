import { closeSync, fdatasyncSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { type OutboxState, readState, writeState } from "./outbox-state.js";
import { encodeRecord, type OutboxMessage, type OutboxRecord } from "./record-codec.js";
import { RecordIndex } from "./record-index.js";
import { listSegments, type RecordRef, readRecord, scanSegment, segmentPath } from "./segment-file.js";

export interface OutboxLimits {
  /**
   * Bound on the bytes of unacknowledged records; default 64 MiB. Disk use can exceed it by up to two
   * segments of already-acknowledged records that wait for their segment to be deleted.
   */
  maxBytes?: number;
  /** Bound on the number of unacknowledged records; default 200 000. */
  maxRecords?: number;
  /** A segment is closed and a new one started past this size; default 4 MiB. */
  segmentBytes?: number;
  /** Appends are fsynced in batches this often; default 200 ms. 0 = fsync every append. */
  fsyncIntervalMs?: number;
}

export interface OutboxStats {
  /** Records appended but not yet acknowledged by the broker. */
  depth: number;
  bytes: number;
  /** Records dropped oldest-first because a bound was hit, since the outbox was created (persisted). */
  evicted: number;
  ackedId: number;
  nextId: number;
  segments: number;
  /** Bytes of torn or corrupt records cut off when the outbox was opened. */
  truncatedBytes: number;
}

interface Segment {
  firstId: number;
  fd: number;
  bytes: number;
}

/**
 * Durable store-and-forward queue. Records go to append-only segment files and stay there until the broker
 * acknowledges them (`ack`), so events produced while offline, or before a restart, are replayed in order.
 *
 * Crash window: appends reach the OS page cache at once (a killed process loses nothing) but are fsynced
 * every `fsyncIntervalMs`, so a power cut can lose up to that much of the newest records. The read cursor
 * is persisted on the same schedule; losing its latest advance only causes redelivery, which the hub
 * absorbs by deduplicating on event id.
 */
export class Outbox {
  private readonly segments: Segment[] = [];
  private readonly index = new RecordIndex();
  private dataDirty = false;
  private stateDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly limits: Required<OutboxLimits>;

  private constructor(
    private readonly dir: string,
    limits: OutboxLimits,
    private readonly state: OutboxState,
    private readonly truncatedBytes: number,
  ) {
    this.limits = {
      maxBytes: limits.maxBytes ?? 64 * 1024 * 1024,
      maxRecords: limits.maxRecords ?? 200_000,
      segmentBytes: limits.segmentBytes ?? 4 * 1024 * 1024,
      fsyncIntervalMs: limits.fsyncIntervalMs ?? 200,
    };
  }

  static open(dir: string, limits: OutboxLimits = {}): Outbox {
    mkdirSync(dir, { recursive: true });
    const state = readState(dir);
    let truncated = 0;
    const scanned: { firstId: number; bytes: number; refs: RecordRef[] }[] = [];
    for (const firstId of listSegments(dir)) {
      const scan = scanSegment(segmentPath(dir, firstId), firstId);
      truncated += scan.truncatedBytes;
      scanned.push({ firstId, bytes: scan.validBytes, refs: scan.refs });
    }
    const outbox = new Outbox(dir, limits, state, truncated);
    for (const seg of scanned) {
      outbox.segments.push({
        firstId: seg.firstId,
        fd: openSync(segmentPath(dir, seg.firstId), "a+"),
        bytes: seg.bytes,
      });
      for (const ref of seg.refs) {
        state.nextId = Math.max(state.nextId, ref.id + 1);
        if (ref.id <= state.ackedId) continue;
        outbox.index.push(ref);
      }
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
    while (
      this.depth > 0 &&
      (this.depth + 1 > this.limits.maxRecords || this.index.bytes + buffer.byteLength > this.limits.maxBytes)
    ) {
      this.evictOldest();
    }
    let active = this.segments.at(-1);
    if (!active || (active.bytes > 0 && active.bytes + buffer.byteLength > this.limits.segmentBytes)) {
      if (active && this.dataDirty) fdatasyncSync(active.fd);
      active = { firstId: id, fd: openSync(segmentPath(this.dir, id), "a+"), bytes: 0 };
      this.segments.push(active);
    }
    writeSync(active.fd, buffer);
    this.index.push({ id, segment: active.firstId, offset: active.bytes, bytes: buffer.byteLength });
    active.bytes += buffer.byteLength;
    this.state.nextId = id + 1;
    this.dataDirty = true;
    this.stateDirty = true;
    if (this.limits.fsyncIntervalMs === 0) this.flush();
    else this.scheduleFlush();
    this.dropAckedSegments();
    for (const listener of this.listeners) listener();
    return id;
  }

  /** Up to `n` unacknowledged records with ids above `afterId` (default: from the oldest), in order. */
  peek(n: number, afterId: number = this.state.ackedId): OutboxRecord[] {
    this.assertOpen();
    return this.index.after(afterId, n).map((ref) => {
      const segment = this.segments.find((s) => s.firstId === ref.segment);
      if (!segment) throw new Error(`outbox: segment ${ref.segment} of record ${ref.id} is gone`);
      return readRecord(segment.fd, ref);
    });
  }

  /** Marks every record up to and including `upToId` as delivered; fully delivered segments are deleted. */
  ack(upToId: number): void {
    this.assertOpen();
    const upTo = Math.min(upToId, this.state.nextId - 1);
    if (upTo <= this.state.ackedId) return;
    while ((this.index.oldest()?.id ?? Number.POSITIVE_INFINITY) <= upTo) this.index.shift();
    this.state.ackedId = upTo;
    this.stateDirty = true;
    this.scheduleFlush();
    this.dropAckedSegments();
  }

  stats(): OutboxStats {
    return {
      depth: this.depth,
      bytes: this.index.bytes,
      evicted: this.state.evicted,
      ackedId: this.state.ackedId,
      nextId: this.state.nextId,
      segments: this.segments.length,
      truncatedBytes: this.truncatedBytes,
    };
  }

  /** Called after every append, e.g. to wake the publisher. Returns an unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** fsyncs pending appends and persists the cursor; runs by itself every `fsyncIntervalMs`. */
  flush(): void {
    if (this.dataDirty) {
      const active = this.segments.at(-1);
      if (active) fdatasyncSync(active.fd);
      this.dataDirty = false;
    }
    if (this.stateDirty) {
      writeState(this.dir, this.state, true);
      this.stateDirty = false;
    }
  }

  close(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.flush();
    for (const segment of this.segments) closeSync(segment.fd);
    this.segments.length = 0;
    this.listeners.clear();
    this.closed = true;
  }

  private get depth(): number {
    return this.index.depth;
  }

  private evictOldest(): void {
    const ref = this.index.shift() as RecordRef;
    this.state.ackedId = ref.id;
    this.state.evicted += 1;
    this.stateDirty = true;
  }

  /** Deletes closed segments whose records are all acknowledged; the active one is kept until it rotates. */
  private dropAckedSegments(): void {
    let persisted = false;
    while (this.segments.length > 1) {
      const next = this.segments[1] as Segment;
      if (next.firstId - 1 > this.state.ackedId) break;
      if (!persisted) {
        // The cursor and next id must be on disk before the records that imply them disappear.
        writeState(this.dir, this.state, true);
        this.stateDirty = false;
        persisted = true;
      }
      const segment = this.segments.shift() as Segment;
      closeSync(segment.fd);
      unlinkSync(segmentPath(this.dir, segment.firstId));
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
