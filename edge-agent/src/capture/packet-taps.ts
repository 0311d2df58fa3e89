import type { Packet, Stream } from "node-av/lib";
import type { PacketTap } from "./frame-source.js";

/**
 * Hands one camera connection's packets to several taps at once: the recorder and any number of live
 * streams, each added and removed on its own. A tap added while a connection is open joins it at once
 * (its `begin` gets the open stream), so a viewer never waits for a reconnect; a removed tap that had
 * joined is ended at once. Every call is guarded: a tap that throws is reported and the others, and the
 * read loop, go on.
 */
export class PacketTaps implements PacketTap {
  private readonly taps = new Set<PacketTap>();
  /** The taps that were begun on the open connection and have not been ended. */
  private readonly joined = new Set<PacketTap>();
  private stream: Stream | undefined;

  constructor(private readonly onError: (error: unknown) => void) {}

  get size(): number {
    return this.taps.size;
  }

  /** Adds `tap` (joining the open connection, if any); the returned function removes and ends it. */
  add(tap: PacketTap): () => void {
    this.taps.add(tap);
    if (this.stream) this.join(tap, this.stream);
    return () => this.remove(tap);
  }

  begin(stream: Stream): void {
    this.stream = stream;
    for (const tap of this.taps) this.join(tap, stream);
  }

  packet(packet: Packet): void {
    for (const tap of this.joined) this.guard(() => tap.packet(packet));
  }

  end(): void {
    this.stream = undefined;
    const ending = [...this.joined];
    this.joined.clear();
    for (const tap of ending) this.guard(() => tap.end());
  }

  private remove(tap: PacketTap): void {
    this.taps.delete(tap);
    if (!this.joined.delete(tap)) return;
    this.guard(() => tap.end());
  }

  private join(tap: PacketTap, stream: Stream): void {
    if (this.joined.has(tap)) return;
    this.joined.add(tap);
    this.guard(() => tap.begin(stream));
  }

  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.onError(error);
    }
  }
}
