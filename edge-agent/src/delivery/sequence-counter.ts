import { closeSync, fdatasyncSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const FILE = "seq.bin";
// [f64 last issued seq][u32 CRC32 of those 8 bytes]: 12 bytes, well inside one disk sector.
const RECORD_BYTES = 12;

/**
 * The device's event sequence number. The protocol wants seq + 1 per event per device with no reuse after
 * a restart, so the hub can tell a gap (lost events) from a duplicate. Every `next()` overwrites a 12-byte
 * record in place: a killed process loses nothing (the write is in the page cache); the fsync is batched
 * like the outbox's (`syncIntervalMs`), so after a power cut both lose the same short window at worst.
 */
export class SequenceCounter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly fd: number,
    private last: number,
    private readonly syncIntervalMs: number,
  ) {}

  static open(dir: string, syncIntervalMs = 200): SequenceCounter {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(join(dir, FILE), "a+");
    const buffer = Buffer.alloc(RECORD_BYTES);
    const read = readSync(fd, buffer, 0, RECORD_BYTES, 0);
    closeSync(fd);
    let last = 0;
    if (read === RECORD_BYTES && buffer.readUInt32BE(8) === crc32(buffer.subarray(0, 8))) {
      last = buffer.readDoubleBE(0);
    } else if (read > 0) {
      // A torn 12-byte write is practically impossible; refusing to guess beats reusing numbers silently.
      throw new Error(
        `sequence counter ${join(dir, FILE)} is corrupt; remove it only if the hub is reset too`,
      );
    }
    // "a+" would ignore the write position on Linux; reopen for in-place overwrites.
    return new SequenceCounter(openSync(join(dir, FILE), "r+"), last, syncIntervalMs);
  }

  /** The last number handed out (0 before the first event). */
  get current(): number {
    return this.last;
  }

  next(): number {
    const seq = this.last + 1;
    const buffer = Buffer.alloc(RECORD_BYTES);
    buffer.writeDoubleBE(seq, 0);
    buffer.writeUInt32BE(crc32(buffer.subarray(0, 8)), 8);
    writeSync(this.fd, buffer, 0, RECORD_BYTES, 0);
    this.last = seq;
    this.dirty = true;
    this.timer ??= setTimeout(() => this.sync(), this.syncIntervalMs).unref();
    return seq;
  }

  sync(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}
