/** What happened to one frame offered to a sequencer. */
export type SequenceVerdict = "accepted" | "duplicate" | "late";

export interface SequencerLimits {
  /** Frames held back while an earlier one is missing; one more skips the gap. */
  window: number;
  /** How long a gap may stay open before the frames behind it go on without it. */
  waitMs: number;
  /** Released sequence numbers remembered to tell a duplicate from a late frame. */
  memory: number;
}

export const defaultSequencerLimits: SequencerLimits = { window: 8, waitMs: 150, memory: 512 };

/**
 * Puts one session's frames back in sequence order. Sequence numbers start at 0; a frame that arrives
 * early waits for the ones before it, within a small window in count and time, after which the gap is
 * skipped for good. Every frame leaves exactly once: released in order, or refused as a duplicate
 * (its number was already received) or as late (it arrived after its gap was skipped, or so long
 * after its number was released that the sequencer no longer remembers it).
 */
export class FrameSequencer<T extends { seq: number }> {
  private next = 0;
  private readonly held = new Map<number, T>();
  /** When the current gap opened (a frame was held back with none released), or undefined. */
  private gapSince: number | undefined;
  private readonly remembered = new Set<number>();
  private readonly order: number[] = [];
  private orderHead = 0;

  constructor(private readonly limits: SequencerLimits = defaultSequencerLimits) {}

  /** The sequence number the session waits for. */
  get expected(): number {
    return this.next;
  }

  /** Frames waiting for an earlier one. */
  get waiting(): number {
    return this.held.size;
  }

  /** When a held frame must be let go even if its gap stays open; undefined when nothing waits. */
  get deadline(): number | undefined {
    return this.gapSince === undefined ? undefined : this.gapSince + this.limits.waitMs;
  }

  /** Offers one frame; frames now in order (possibly none, possibly several) go to `release`. */
  push(frame: T, now: number, release: (frame: T) => void): SequenceVerdict {
    const { seq } = frame;
    if (seq < this.next) return this.remembered.has(seq) ? "duplicate" : "late";
    if (this.held.has(seq)) return "duplicate";
    this.held.set(seq, frame);
    this.drain(release);
    if (this.held.size > this.limits.window) this.skipGap(release);
    if (this.held.size === 0) this.gapSince = undefined;
    else this.gapSince ??= now;
    return "accepted";
  }

  /** Lets held frames go on once their gap has been open `waitMs`; call when `deadline` passes. */
  expire(now: number, release: (frame: T) => void): void {
    const deadline = this.deadline;
    if (deadline === undefined || now < deadline) return;
    this.skipGap(release);
    this.gapSince = this.held.size === 0 ? undefined : now;
  }

  private skipGap(release: (frame: T) => void): void {
    let lowest = Number.POSITIVE_INFINITY;
    for (const seq of this.held.keys()) if (seq < lowest) lowest = seq;
    if (lowest === Number.POSITIVE_INFINITY) return;
    this.next = lowest;
    this.drain(release);
  }

  private drain(release: (frame: T) => void): void {
    for (let frame = this.held.get(this.next); frame; frame = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.remember(this.next);
      this.next += 1;
      release(frame);
    }
  }

  private remember(seq: number): void {
    this.remembered.add(seq);
    this.order.push(seq);
    if (this.order.length - this.orderHead > this.limits.memory) {
      this.remembered.delete(this.order[this.orderHead] as number);
      this.orderHead += 1;
      // Compact now and then, so the array does not grow with the session.
      if (this.orderHead > this.limits.memory) {
        this.order.splice(0, this.orderHead);
        this.orderHead = 0;
      }
    }
  }
}
