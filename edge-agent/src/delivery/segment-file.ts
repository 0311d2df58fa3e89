import { closeSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { decodeBody, type OutboxRecord, RECORD_HEADER_BYTES, readHeader } from "./record-codec.js";
import { storageProblem } from "./storage-errors.js";

/** Where one record lives on disk; the outbox keeps only these in memory, not the payloads. */
export interface RecordRef {
  id: number;
  segment: number;
  offset: number;
  bytes: number;
}

export interface ScanResult {
  refs: RecordRef[];
  /** Byte offset after the last intact record; anything beyond was torn and has been cut off. */
  validBytes: number;
  truncatedBytes: number;
  /** The torn tail is still there (a read-only disk refused the cut): nothing may be appended after it. */
  tornTailKept: boolean;
}

const SEGMENT_SUFFIX = ".seg";

/** Segment files are named by their first record id, zero-padded so a plain sort is id order. */
export function segmentName(firstId: number): string {
  return `${String(firstId).padStart(16, "0")}${SEGMENT_SUFFIX}`;
}

/** The segments in `dir` in id order; none when the dir does not exist (yet). */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names
    .filter((name) => /^\d{16}\.seg$/.test(name))
    .map((name) => Number(name.slice(0, 16)))
    .sort((a, b) => a - b);
}

export function segmentPath(dir: string, firstId: number): string {
  return join(dir, segmentName(firstId));
}

/**
 * Reads a segment and checks every record's length and CRC. The first bad record ends the segment: a crash
 * mid-append leaves a partial last record, and since appends are strictly sequential nothing valid can
 * follow it, so the file is truncated there and the next append continues from a clean end.
 */
export function scanSegment(path: string, segment: number): ScanResult {
  const data = readFileSync(path);
  const refs: RecordRef[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= data.byteLength) {
    const header = readHeader(data.subarray(offset, offset + RECORD_HEADER_BYTES));
    if (!header.ok) break;
    const end = offset + RECORD_HEADER_BYTES + header.bodyLength;
    if (end > data.byteLength) break;
    const record = decodeBody(data.subarray(offset + RECORD_HEADER_BYTES, end), header.crc);
    if (!record) break;
    refs.push({ id: record.id, segment, offset, bytes: end - offset });
    offset = end;
  }
  const truncatedBytes = data.byteLength - offset;
  let tornTailKept = false;
  if (truncatedBytes > 0) {
    try {
      const fd = openSync(path, "r+");
      try {
        ftruncateSync(fd, offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if (!storageProblem(err)) throw err;
      tornTailKept = true;
    }
  }
  return { refs, validBytes: offset, truncatedBytes, tornTailKept };
}

/** Reads one record back; throws if the file changed under us, which would be a bug, not a crash case. */
export function readRecord(fd: number, ref: RecordRef): OutboxRecord {
  const buffer = Buffer.allocUnsafe(ref.bytes);
  const read = readSync(fd, buffer, 0, ref.bytes, ref.offset);
  const header = readHeader(buffer.subarray(0, RECORD_HEADER_BYTES));
  const record =
    read === ref.bytes && header.ok
      ? decodeBody(buffer.subarray(RECORD_HEADER_BYTES), header.crc)
      : undefined;
  if (!record) throw new Error(`outbox: record ${ref.id} in segment ${ref.segment} cannot be read back`);
  return record;
}
