import { closeSync, fdatasyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from "node:fs";
import type { OutboxRecord } from "./record-codec.js";
import { listSegments, type RecordRef, readRecord, scanSegment, segmentPath } from "./segment-file.js";
import { ensureDir, storageProblem } from "./storage-errors.js";

interface Segment {
  firstId: number;
  fd: number;
  bytes: number;
  /** False for a segment opened read-only or with a torn tail left in place: appends go to a new one. */
  appendable: boolean;
}

/** What was on disk when the store was opened. */
export interface LoadedSegments {
  refs: RecordRef[];
  truncatedBytes: number;
}

/**
 * The outbox's append-only segment files. Every failing write throws the fs error after leaving the
 * files as they were before it (a short write on a full disk is cut off again), so the caller can keep
 * the record elsewhere and try again later without a torn record ever sitting in the middle of a file.
 */
export class SegmentStore {
  private readonly segments: Segment[] = [];
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
  ) {}

  get count(): number {
    return this.segments.length;
  }

  /** Opens every segment in the dir; one the disk will not let us append to is opened for reading only. */
  load(): LoadedSegments {
    const refs: RecordRef[] = [];
    let truncatedBytes = 0;
    for (const firstId of listSegments(this.dir)) {
      const path = segmentPath(this.dir, firstId);
      const scan = scanSegment(path, firstId);
      truncatedBytes += scan.truncatedBytes;
      if (scan.refs.length === 0) {
        // A segment whose first write failed: it holds nothing, and keeping it would let a later segment
        // of the same name start after its garbage.
        removeQuietly(path);
        continue;
      }
      let fd: number;
      let appendable = !scan.tornTailKept;
      try {
        fd = openSync(path, "a+");
      } catch (err) {
        if (!storageProblem(err)) throw err;
        fd = openSync(path, "r");
        appendable = false;
      }
      this.segments.push({ firstId, fd, bytes: scan.validBytes, appendable });
      refs.push(...scan.refs);
    }
    return { refs, truncatedBytes };
  }

  /** Appends one encoded record; throws the fs error (ENOSPC, EROFS…) with nothing half-written left. */
  append(id: number, buffer: Buffer): RecordRef {
    let active = this.segments.at(-1);
    const full = active && active.bytes > 0 && active.bytes + buffer.byteLength > this.segmentBytes;
    if (!active?.appendable || full) {
      if (active && this.dirty) this.sync();
      ensureDir(this.dir, "outbox dir");
      // "w+": ids only grow and every kept segment starts with its first record, so a file of this name
      // can only be garbage a failed write left behind.
      active = { firstId: id, fd: openSync(segmentPath(this.dir, id), "w+"), bytes: 0, appendable: true };
      this.segments.push(active);
    }
    let written = 0;
    try {
      // Positional, so a write after a cut-off short write lands at the end of the valid records.
      written = writeSync(active.fd, buffer, 0, buffer.byteLength, active.bytes);
      if (written < buffer.byteLength)
        throw Object.assign(new Error("ENOSPC: no space left on device, write (short write)"), {
          code: "ENOSPC",
        });
    } catch (err) {
      this.undo(active, written > 0);
      throw err;
    }
    const ref = { id, segment: active.firstId, offset: active.bytes, bytes: buffer.byteLength };
    active.bytes += buffer.byteLength;
    this.dirty = true;
    return ref;
  }

  /** fsyncs the active segment; throws on failure and stays dirty so the next call tries again. */
  sync(): void {
    if (!this.dirty) return;
    const active = this.segments.at(-1);
    if (active) fdatasyncSync(active.fd);
    this.dirty = false;
  }

  read(ref: RecordRef): OutboxRecord {
    const segment = this.segments.find((s) => s.firstId === ref.segment);
    if (!segment) throw new Error(`outbox: segment ${ref.segment} of record ${ref.id} is gone`);
    return readRecord(segment.fd, ref);
  }

  /**
   * Deletes closed segments whose records are all at or below `ackedId`. The last segment always stays:
   * it holds the highest id ever written, so ids cannot restart lower even if the cursor file is stale.
   * `beforeFirstDelete` runs once before anything is deleted (the outbox persists its cursor there).
   */
  dropUpTo(ackedId: number, beforeFirstDelete: () => void): void {
    let prepared = false;
    while (this.segments.length > 1) {
      const next = this.segments[1] as Segment;
      if (next.firstId - 1 > ackedId) break;
      if (!prepared) {
        beforeFirstDelete();
        prepared = true;
      }
      const segment = this.segments.shift() as Segment;
      closeSync(segment.fd);
      unlinkSync(segmentPath(this.dir, segment.firstId));
    }
  }

  close(): void {
    for (const segment of this.segments) closeSync(segment.fd);
    this.segments.length = 0;
  }

  /** Puts a segment back as it was before a failed write: a fresh one goes, a partial record is cut off. */
  private undo(segment: Segment, partial: boolean): void {
    if (segment.bytes === 0 && this.segments.at(-1) === segment) {
      this.segments.pop();
      closeSync(segment.fd);
      removeQuietly(segmentPath(this.dir, segment.firstId));
      return;
    }
    if (!partial) return;
    try {
      ftruncateSync(segment.fd, segment.bytes);
    } catch {
      // The torn bytes stay until the next open cuts them; nothing may be appended after them meanwhile.
      segment.appendable = false;
    }
  }
}

/** Best effort: an empty segment left behind is skipped (and removed) by the next open. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // read-only disk: the next open deals with it
  }
}
