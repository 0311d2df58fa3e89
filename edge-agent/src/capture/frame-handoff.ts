import type { CapturedFrame } from "./frame-source.js";

/**
 * Hands sampled frames to analysis beside the reading, not in it. A frame arriving while the handler is still
 * busy replaces any frame already waiting, so slow analysis never makes the camera connection fall behind:
 * the newest picture is the one worth analysing.
 */
export class FrameHandoff {
  private pending: CapturedFrame | undefined;
  private delivering: Promise<void> | undefined;

  constructor(
    private readonly handle: (frame: CapturedFrame) => void | Promise<void>,
    /** Told about handler errors, which never stop the handoff. */
    private readonly report: (error: unknown) => void,
  ) {}

  /** Frames waiting for analysis: the one in progress and the newest waiting behind it (0–2). */
  get depth(): number {
    return (this.delivering ? 1 : 0) + (this.pending ? 1 : 0);
  }

  /** Queues a frame; true when it replaced one still waiting (a dropped frame). */
  offer(frame: CapturedFrame): boolean {
    const replaced = this.pending !== undefined;
    this.pending = frame;
    this.delivering ??= this.drain();
    return replaced;
  }

  /** Settles once the frame in progress, and any waiting behind it, has been handled. */
  async idle(): Promise<void> {
    await this.delivering;
  }

  private async drain(): Promise<void> {
    while (this.pending !== undefined) {
      const next = this.pending;
      this.pending = undefined;
      try {
        await this.handle(next);
      } catch (error) {
        this.report(error);
      }
    }
    this.delivering = undefined;
  }
}
