import type { Analysis } from "./analysis-protocol.js";
import type { FaceAnalyser } from "./face-analyser.js";

/** Running totals, read by the page (rate shown to the learner) and the browser benchmark. */
export interface FrameLoopStats {
  analyses: number;
  /** Main-thread time spent on analyses: grabbing the frame, posting it, handling the answer. */
  mainMs: number;
  workerMs: number;
  startedAt: number;
}

export interface FrameLoopOptions {
  analyser: FaceAnalyser;
  /** The frame source: a playing <video> with the camera stream. */
  grab: () => Promise<ImageBitmap | null>;
  onAnalysis: (analysis: Analysis) => void;
  /** Called when analyses keep failing (`maxFailures` in a row); the loop stops then. */
  onError: (err: Error) => void;
  maxFailures?: number;
  /** Upper bound on analyses per second (the 30). */
  maxRate?: number;
  now?: () => number;
  /** Totals to add to (shared with the stream path); a fresh set by default. */
  stats?: FrameLoopStats;
}

export function emptyStats(): FrameLoopStats {
  return { analyses: 0, mainMs: 0, workerMs: 0, startedAt: 0 };
}

/**
 * Analyses the camera as fast as the device manages, up to `maxRate` per second, with one frame in
 * flight: a slow device analyses fewer frames rather than queueing stale ones.
 */
export class FrameLoop {
  readonly stats: FrameLoopStats;
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: FrameLoopOptions) {
    this.stats = opts.stats ?? emptyStats();
    this.intervalMs = 1000 / (opts.maxRate ?? 30);
    this.now = opts.now ?? (() => performance.now());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.stats.startedAt === 0) this.stats.startedAt = this.now();
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  get active(): boolean {
    return this.running;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delay));
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const started = this.now();
    try {
      const t0 = this.now();
      const pending = this.opts.grab();
      let main = this.now() - t0;
      const bitmap = await pending;
      if (bitmap && this.running) {
        const t1 = this.now();
        const at = Date.now();
        const result = this.opts.analyser.analyse(bitmap, at);
        main += this.now() - t1;
        const analysis = await result;
        if (this.running) {
          const t2 = this.now();
          this.opts.onAnalysis(analysis);
          main += this.now() - t2;
          this.stats.analyses += 1;
          this.stats.mainMs += main;
          this.stats.workerMs += analysis.workerMs;
          this.failures = 0;
        }
      } else bitmap?.close();
    } catch (err) {
      // One bad frame (a decode hiccup) is skipped; a broken analyser stops the loop.
      if (this.running && ++this.failures >= (this.opts.maxFailures ?? 5)) {
        this.stop();
        this.opts.onError(err as Error);
      }
    }
    if (this.running) this.schedule(this.intervalMs - (this.now() - started));
  }
}
