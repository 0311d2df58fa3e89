/**
 * Just enough of MQTT's framing to bound what a connection may make the broker buffer: the fixed header
 * of every inbound packet (type and announced remaining length) and the verdict of the first outbound
 * packet, the CONNACK. Bodies are skipped, never kept.
 */

export const CONNECT = 1;
const CONNACK = 2;
// The remaining length is a variable byte integer of at most four bytes (MQTT 3.1.1 §2.2.3, 5.0 §1.5.5).
const MAX_LENGTH_BYTES = 4;

/** Walks the fixed headers of an inbound byte stream, one chunk at a time, in constant memory. */
export class FixedHeaderScanner {
  private inHeader = false;
  private type = 0;
  private length = 0;
  private lengthBytes = 0;
  private skip = 0;
  /** Headers read so far. */
  packets = 0;

  /**
   * Calls `onHeader` for every fixed header completed in `chunk` (the packet's body need not have
   * arrived); the first non-undefined answer stops the walk and is returned, as is "malformed" for a
   * remaining length longer than four bytes.
   */
  feed<R>(chunk: Uint8Array, onHeader: (type: number, length: number, index: number) => R | undefined) {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const byte = chunk[i++] as number;
      if (!this.inHeader) {
        this.inHeader = true;
        this.type = byte >> 4;
        this.length = 0;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * 128 ** this.lengthBytes;
      this.lengthBytes += 1;
      if (byte & 0x80) {
        if (this.lengthBytes === MAX_LENGTH_BYTES) return "malformed" as const;
        continue;
      }
      this.inHeader = false;
      this.skip = this.length;
      const verdict = onHeader(this.type, this.length, this.packets++);
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  }
}

/**
 * Watches what the broker writes to a connection for its first packet, which MQTT requires to be the
 * CONNACK, and reads its return (v3.1.1) or reason (v5) code: 0 means the login was accepted.
 */
export class ConnackWatch {
  private readonly head: number[] = [];
  verdict: "pending" | "accepted" | "refused" = "pending";

  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && this.verdict === "pending"; i++) {
      this.head.push(chunk[i] as number);
      this.verdict = this.read();
    }
  }

  private read(): ConnackWatch["verdict"] {
    const h = this.head;
    if ((h[0] as number) >> 4 !== CONNACK) return "refused";
    let pos = 1;
    while (pos < h.length && pos <= MAX_LENGTH_BYTES && (h[pos] as number) & 0x80) pos++;
    if (pos > MAX_LENGTH_BYTES) return "refused";
    // Header, remaining length, then the acknowledge flags and the code.
    const code = h[pos + 2];
    if (code === undefined) return "pending";
    return code === 0 ? "accepted" : "refused";
  }
}
