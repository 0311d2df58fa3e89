import type { Analysis } from "./analysis-protocol.js";
import type { FaceAnalyser } from "./face-analyser.js";
import { emptyStats, FrameLoop, type FrameLoopStats } from "./frame-loop.js";

export interface AnalysisFeedOptions {
  /** The camera's frames for the analyser to read itself; null where the browser cannot. */
  cameraFrames: (stream: MediaStream) => ReadableStream<VideoFrame> | null;
  /** One frame grabbed on this thread (the fallback path). */
  grab: () => Promise<ImageBitmap | null>;
  onAnalysis: (analysis: Analysis) => void;
  onError: (err: Error) => void;
  maxRate: number;
}

/**
 * Feeds a camera to the analyser, one of two ways: the worker reads the camera's frame stream itself
 * where the browser can hand one over (Chromium), otherwise a loop on this thread grabs a bitmap per
 * frame and posts it. Either way the totals (analyses, main-thread and worker time) add up in `stats`.
 */
export class AnalysisFeed {
  readonly stats: FrameLoopStats = emptyStats();
  private loop: FrameLoop | undefined;
  private streaming = false;

  constructor(
    private readonly analyser: FaceAnalyser,
    private readonly opts: AnalysisFeedOptions,
  ) {}

  /** Starts analysing `camera` (again after `stop`, e.g. with a new stream after a pause). */
  start(camera: MediaStream): void {
    const { analyser, opts } = this;
    const frames = analyser.analyseStream ? opts.cameraFrames(camera) : null;
    if (frames && analyser.analyseStream) {
      this.streaming = true;
      if (this.stats.startedAt === 0) this.stats.startedAt = performance.now();
      const onAnalysis = (a: Analysis) => {
        const t0 = performance.now();
        opts.onAnalysis(a);
        this.stats.analyses += 1;
        this.stats.workerMs += a.workerMs;
        this.stats.mainMs += performance.now() - t0;
      };
      analyser.analyseStream(frames, { onAnalysis, onError: opts.onError }, opts.maxRate);
      return;
    }
    this.loop ??= new FrameLoop({
      analyser,
      grab: opts.grab,
      onAnalysis: opts.onAnalysis,
      onError: opts.onError,
      maxRate: opts.maxRate,
      stats: this.stats,
    });
    this.loop.start();
  }

  stop(): void {
    this.loop?.stop();
    if (this.streaming) this.analyser.stopStream?.();
    this.streaming = false;
  }
}
