/** What the tail needs of a compressed packet (node-av's Packet), so it is tested without FFmpeg. */
export interface HeldPacket {
  readonly size: number;
  free(): void;
}

/** A GOP is 2–4 s of video: 1–2 MB at 4 Mbit/s. A larger one is not kept (see `complete`). */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The packets of the current GOP that were dropped undecoded (the rest after its last sample, or all of a
 * GOP whose keyframe was not due), kept until the next keyframe. When the interval shortens mid-GOP, as a
 * gate's does the moment it sees a truck, they are decoded after all: the first picture at the new rate is
 * the current one, not the one at the next keyframe, up to a GOP (2 s on most cameras) later.
 */
export class GopTail<P extends HeldPacket> {
  private packets: P[] = [];
  private bytes = 0;
  private overflowed = false;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Every packet dropped since the last keyframe is here (none dropped counts too). */
  get complete(): boolean {
    return !this.overflowed;
  }

  get length(): number {
    return this.packets.length;
  }

  /** A keyframe begins a new GOP, which does not need the last one's packets. */
  restart(): void {
    this.clear();
    this.overflowed = false;
  }

  /** Takes ownership of a dropped packet. Past the limit the whole GOP is let go: it stays incomplete. */
  keep(packet: P): void {
    this.bytes += packet.size;
    if (this.overflowed || this.bytes > this.maxBytes) {
      this.clear();
      this.overflowed = true;
      packet.free();
      return;
    }
    this.packets.push(packet);
  }

  /** Hands over the kept packets, oldest first; the caller frees them. */
  take(): P[] {
    const taken = this.packets;
    this.packets = [];
    this.bytes = 0;
    return taken;
  }

  clear(): void {
    for (const packet of this.packets) packet.free();
    this.packets = [];
    this.bytes = 0;
  }
}
