import type { CapturedFrame, FrameSource, SourceStats, StreamInfo } from "./frame-source.js";

/** A scripted stand-in for a camera stream, so pipeline logic is tested with fake time and no FFmpeg. */
export class FakeFrameSource implements FrameSource {
  readonly info: StreamInfo = { width: 4, height: 2, codec: "h264", fps: 10 };
  readonly stats: SourceStats = {
    packets: 0,
    packetsSkipped: 0,
    framesDecoded: 0,
    framesSampled: 0,
    lastActivityAt: Date.now(),
    decodeMsPerSample: 0,
  };
  closed = false;
  /** Every interval set on the open source, in order. */
  readonly intervals: number[] = [];
  private queue: Array<CapturedFrame | Error | "end"> = [];
  private wake: (() => void) | undefined;

  constructor(readonly url = "rtsp://fake/stream") {}

  /** Delivers one frame now. */
  push(time = 0): void {
    this.stats.framesDecoded += 1;
    this.stats.framesSampled += 1;
    this.stats.lastActivityAt = Date.now();
    const data = new Uint8Array(this.info.width * this.info.height * 3).fill(128);
    this.enqueue({ data, width: this.info.width, height: this.info.height, time, capturedAt: Date.now() });
  }

  setIntervalMs(intervalMs: number): void {
    this.intervals.push(intervalMs);
  }

  end(): void {
    this.enqueue("end");
  }

  fail(message: string): void {
    this.enqueue(new Error(message));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CapturedFrame> {
    while (!this.closed) {
      const next = this.queue.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      if (next === "end") return;
      if (next instanceof Error) throw next;
      yield next;
    }
  }

  private enqueue(item: CapturedFrame | Error | "end"): void {
    this.queue.push(item);
    this.wake?.();
  }
}
