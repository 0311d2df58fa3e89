import type { CapturedFrame } from "../src/capture/frame-source.js";
import { CameraPipeline, type CameraPipelineStats } from "../src/capture/index.js";
import { SeatAnalyzer, type SeatSpec } from "../src/roles/seats/seat-analyzer.js";
import type { Detection, Detector } from "../src/vision/detect/detector.js";

/** What happened to one sampled frame, in performance.now() milliseconds except `capturedAt`. */
export interface FrameRecord {
  camera: string;
  /** Wall-clock epoch ms when the pipeline decoded it. */
  capturedAt: number;
  /** Its time on the stream's clock, seconds. */
  streamTime: number;
  /** Epoch ms when its analysis (gate, detector if needed, analyser) finished. */
  doneAt: number;
  ranDetector: boolean;
  /** Waiting for the shared detector while other cameras' frames ran. */
  waitMs: number;
  /** The detector's own run (resize, session.run, decode, NMS); 0 when the gate skipped it. */
  inferenceMs: number;
  /** Motion gate plan + seat analyser observe. */
  analyseMs: number;
}

/**
 * The single shared detector as the agent uses it (its calls are serialised), wrapped so the bench can
 * tell time spent queueing behind other cameras from time spent inferring.
 */
export class TimedDetector {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly detector: Detector,
    private readonly scoreThreshold: number,
  ) {}

  detect(frame: CapturedFrame): Promise<{ detections: Detection[]; waitMs: number; inferenceMs: number }> {
    const queued = performance.now();
    const run = this.queue.then(async () => {
      const started = performance.now();
      const detections = await this.detector.detect(frame, { scoreThreshold: this.scoreThreshold });
      return { detections, waitMs: started - queued, inferenceMs: performance.now() - started };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * One camera wired like the agent's CameraWorker (capture → motion gate → shared detector → seat
 * analyser), minus delivery: seat changes are only counted. Wired directly rather than through
 * CameraWorker so each stage can be timed separately.
 */
export class BenchCamera {
  readonly records: FrameRecord[] = [];
  changes = 0;
  errors: string[] = [];
  firstFrame: CapturedFrame | undefined;
  private readonly analyzer: SeatAnalyzer;
  private readonly pipeline: CameraPipeline;

  constructor(
    readonly id: string,
    url: string,
    intervalMs: number,
    seats: readonly SeatSpec[],
    private readonly detector: TimedDetector,
  ) {
    this.analyzer = new SeatAnalyzer(seats, Date.now());
    this.pipeline = new CameraPipeline({
      camera: id,
      url,
      intervalMs,
      onFrame: (frame) => this.onFrame(frame),
      onError: (error) => this.errors.push(String((error as Error).message ?? error)),
    });
  }

  get stats(): CameraPipelineStats {
    return this.pipeline.stats;
  }

  start(): void {
    void this.pipeline.start();
  }

  stop(): Promise<void> {
    return this.pipeline.stop();
  }

  private async onFrame(frame: CapturedFrame): Promise<void> {
    this.firstFrame ??= frame;
    const planStarted = performance.now();
    const plan = this.analyzer.plan(frame);
    let analyseMs = performance.now() - planStarted;
    let timing = { waitMs: 0, inferenceMs: 0 };
    let detections: Detection[] | null = null;
    if (plan.runDetector) {
      const result = await this.detector.detect(frame);
      detections = result.detections;
      timing = { waitMs: result.waitMs, inferenceMs: result.inferenceMs };
    }
    const observeStarted = performance.now();
    this.changes += this.analyzer.observe(frame, detections, Date.now()).length;
    analyseMs += performance.now() - observeStarted;
    this.records.push({
      camera: this.id,
      capturedAt: frame.capturedAt,
      streamTime: frame.time,
      doneAt: Date.now(),
      ranDetector: plan.runDetector,
      ...timing,
      analyseMs,
    });
  }
}
