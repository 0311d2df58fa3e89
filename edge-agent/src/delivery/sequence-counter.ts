import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { ensureDir, storageProblem } from "./storage-errors.js";

const FILE = "seq.bin";
// [f64 last issued seq][u32 CRC32 of those 8 bytes]: 12 bytes, well inside one disk sector.
const RECORD_BYTES = 12;
const RETRY_MS = 5_000;

/**
 * The device's event sequence number. The protocol wants seq + 1 per event per device with no reuse after
 * a restart, so the hub can tell a gap (lost events) from a duplicate. Every `next()` overwrites a 12-byte
 * record in place: a killed process loses nothing (the write is in the page cache); the fsync is batched
 * like the outbox's (`syncIntervalMs`), so after a power cut both lose the same short window at worst.
 *
 * A full disk does not stop it: overwriting bytes that are already allocated needs no new space (ext4,
 * xfs, tmpfs; a copy-on-write filesystem may refuse). On a read-only disk the numbers carry on in memory
 * and are written when the disk takes writes again; a restart before that reuses the numbers handed out
 * meanwhile, which the hub counts as `old` and still stores (it deduplicates by event id, not seq).
 */
export class SequenceCounter {
  private dirty = false;
  /** The latest number is not in the file yet (the disk refused it). */
  private unsaved = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly path: string,
    private fd: number | undefined,
    private last: number,
    private readonly syncIntervalMs: number,
  ) {}

  static open(dir: string, syncIntervalMs = 200): SequenceCounter {
    try {
      ensureDir(dir, "data dir");
    } catch (err) {
      if (!storageProblem(err)) throw err;
    }
    const path = join(dir, FILE);
    let data = Buffer.alloc(0);
    try {
      data = readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    let last = 0;
    if (data.byteLength >= RECORD_BYTES && data.readUInt32BE(8) === crc32(data.subarray(0, 8))) {
      last = data.readDoubleBE(0);
    } else if (data.byteLength > 0) {
      // A torn 12-byte write is practically impossible; refusing to guess beats reusing numbers silently.
      throw new Error(`sequence counter ${path} is corrupt; remove it only if the hub is reset too`);
    }
    return new SequenceCounter(path, openWritable(path), last, syncIntervalMs);
  }

  /** The last number handed out (0 before the first event). */
  get current(): number {
    return this.last;
  }

  /** True while the latest number could not be written to disk. */
  get pending(): boolean {
    return this.unsaved;
  }

  next(): number {
    this.last += 1;
    this.save();
    this.timer ??= setTimeout(() => this.sync(), this.unsaved ? RETRY_MS : this.syncIntervalMs).unref();
    return this.last;
  }

  /** fsyncs the latest number, or tries again to write it when the disk refused it. Never throws for those. */
  sync(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unsaved) this.save();
    if (this.unsaved) {
      this.timer = setTimeout(() => this.sync(), RETRY_MS).unref();
      return;
    }
    if (!this.dirty || this.fd === undefined) return;
    try {
      fdatasyncSync(this.fd);
      this.dirty = false;
    } catch (err) {
      if (!storageProblem(err)) throw err;
    }
  }

  close(): void {
    this.sync();
    clearTimeout(this.timer);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private save(): void {
    this.fd ??= openWritable(this.path);
    if (this.fd === undefined) {
      this.unsaved = true;
      return;
    }
    const buffer = Buffer.alloc(RECORD_BYTES);
    buffer.writeDoubleBE(this.last, 0);
    buffer.writeUInt32BE(crc32(buffer.subarray(0, 8)), 8);
    try {
      if (writeSync(this.fd, buffer, 0, RECORD_BYTES, 0) < RECORD_BYTES) {
        // Only a first write into an empty file can come up short; leave it empty rather than torn.
        ftruncateSync(this.fd, 0);
        this.unsaved = true;
        return;
      }
      this.unsaved = false;
      this.dirty = true;
    } catch (err) {
      if (!storageProblem(err)) throw err;
      this.unsaved = true;
    }
  }
}

/** The counter file opened for in-place overwrites (created if missing), or undefined if the disk refuses. */
function openWritable(path: string): number | undefined {
  try {
    return openSync(path, "r+");
  } catch (err) {
    if (storageProblem(err)) return undefined;
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  try {
    return openSync(path, "wx+");
  } catch (err) {
    if (storageProblem(err) || (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
