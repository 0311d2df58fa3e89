import type { AgentCamera } from "../agent-config/agent-config-schema.js";
import {
  type AnalyticsOptions,
  SeatAnalyzer,
  type SeatStatus,
  type SeatTransition,
} from "../analytics/index.js";
import type { CapturedFrame } from "../capture/frame-source.js";
import type { CameraPipeline, CameraStatusUpdate } from "../capture/index.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { Detector } from "../vision/detect/detector.js";
import type { LiveFeed, LiveTarget } from "./live-view.js";

export interface CameraWorkerDeps {
  site: string;
  device: string;
  camera: AgentCamera;
  detector: Detector;
  events: EventFactory;
  scoreThreshold: number;
  /**
   * Builds a capture pipeline sampling every `intervalMs`; the worker hands it its frame and status
   * callbacks. Called again when a live view changes the sampling rate.
   */
  pipeline: (
    handlers: {
      onFrame: (frame: CapturedFrame) => Promise<void>;
      onStatus: (status: CameraStatusUpdate) => void;
      onError: (error: unknown) => void;
    },
    intervalMs: number,
  ) => CameraPipeline;
  log: (message: string) => void;
  now?: () => number;
}

/** The analytics settings of one camera, from the config file's names to the analyser's. */
export function analyticsOptions(camera: AgentCamera): Partial<AnalyticsOptions> {
  return {
    heldAfterMs: camera.analysis.heldAfterMs,
    entryDebounceMs: camera.analysis.entryDebounceMs,
    exitDebounceMs: camera.analysis.exitDebounceMs,
    personOverlap: camera.analysis.minOverlap,
    motionThreshold: camera.motion.threshold,
    // Without the motion gate every interval is a forced re-check.
    forceRecheckEvery: camera.motion.enabled ? camera.motion.forceEvery : 1,
  };
}

/**
 * One seats camera: capture → motion gate → detector → seat analyser → events. Only changes leave the
 * device (seatChange), each followed by the camera's retained seat snapshot; a camera that stops
 * streaming turns its seats `unknown`. Everything here runs inside the pipeline's callbacks, which
 * never let an error escape into the capture loop.
 */
export class CameraWorker implements LiveTarget {
  private readonly analyzer: SeatAnalyzer;
  private pipeline: CameraPipeline;
  private intervalMs: number;
  private live: LiveFeed | undefined;
  private running = false;
  private switching: Promise<void> | undefined;
  private readonly now: () => number;
  private inferenceMs = 0;
  private analysed = 0;
  private lastFrame: CapturedFrame | undefined;

  constructor(private readonly deps: CameraWorkerDeps) {
    this.now = deps.now ?? Date.now;
    this.analyzer = new SeatAnalyzer(deps.camera.seats, this.now(), analyticsOptions(deps.camera));
    this.intervalMs = deps.camera.intervalMs;
    this.pipeline = this.build();
  }

  get id(): string {
    return this.deps.camera.id;
  }

  /** The newest analysed picture, for snapshot requests. */
  get latestFrame(): CapturedFrame | undefined {
    return this.lastFrame;
  }

  start(): void {
    this.running = true;
    void this.pipeline.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.switching;
    await this.pipeline.stop();
  }

  /**
   * While watched live, the camera samples at the viewer's frame rate (never slower than its analysis
   * interval) and every frame goes through the detector and to the viewer; seat analysis carries on,
   * its debounce is in time, not frames. Changing the rate reconnects the stream.
   */
  setLive(feed: LiveFeed | undefined): void {
    this.live = feed;
    const wanted = feed
      ? Math.min(this.deps.camera.intervalMs, Math.max(50, Math.round(1000 / feed.fps)))
      : this.deps.camera.intervalMs;
    if (wanted === this.intervalMs) return;
    this.intervalMs = wanted;
    const old = this.pipeline;
    const next = this.build();
    this.pipeline = next;
    const previous = this.switching;
    this.switching = (async () => {
      await previous;
      await old.stop();
      if (this.running && this.pipeline === next) void next.start();
    })();
  }

  restart(reason: string): void {
    this.pipeline.restart(reason);
  }

  /** A config push changed this camera's seats or rules; unchanged seats keep their state. */
  reconfigure(camera: AgentCamera): void {
    this.deps.camera = camera;
    this.analyzer.updateSeats(camera.seats, this.now(), analyticsOptions(camera));
    this.publishSnapshot();
  }

  health() {
    const s = this.pipeline.stats;
    return {
      camera: this.deps.camera.id,
      state: s.state,
      fps: Math.min(1000, s.fps),
      decodeMs: s.decodeMs,
      inferenceMs: this.analysed ? this.inferenceMs / this.analysed : 0,
      queueDepth: this.pipeline.queueDepth,
      droppedFrames: s.droppedFrames,
    };
  }

  /** Every seat's current state, for the agent state file that `edge-agent seats` reads. */
  seats(): SeatStatus[] {
    return this.analyzer.snapshot();
  }

  state(): { status: string; lastFrameAt?: number; error?: string } {
    const status = this.pipeline.status;
    return { status: status.state, lastFrameAt: this.pipeline.stats.lastFrameAt, error: status.reason };
  }

  private async onFrame(frame: CapturedFrame): Promise<void> {
    this.lastFrame = frame;
    const plan = this.analyzer.plan(frame);
    const live = this.live;
    let detections = null;
    if (plan.runDetector || live) {
      const started = performance.now();
      detections = await this.deps.detector.detect(frame, { scoreThreshold: this.deps.scoreThreshold });
      this.inferenceMs += performance.now() - started;
      this.analysed += 1;
    }
    this.emit(this.analyzer.observe(frame, detections, this.now()), frame.capturedAt);
    if (live && detections) await live.send(frame, detections);
  }

  private build(): CameraPipeline {
    const { deps } = this;
    return deps.pipeline(
      {
        onFrame: (frame) => this.onFrame(frame),
        onStatus: (status) => this.onStatus(status),
        onError: (error) =>
          deps.log(`camera ${deps.camera.id}: ${(error as Error).message ?? String(error)}`),
      },
      this.intervalMs,
    );
  }

  private onStatus(status: CameraStatusUpdate): void {
    const { camera: _camera, at: _at, ...fields } = status;
    this.deps.events.emit("cameraStatus", this.address(), fields);
    if (status.state === "reconnecting" || status.state === "failed")
      this.emit(this.analyzer.cameraDown(this.now()));
  }

  /**
   * `capturedAt` is the frame that decided the changes, so the hub and dashboards can measure camera →
   * screen latency; a camera going down decides without a frame and sends none.
   */
  private emit(changes: readonly SeatTransition[], capturedAt?: number): void {
    if (changes.length === 0) return;
    const stamp = capturedAt === undefined ? {} : { capturedAt: Math.max(0, Math.round(capturedAt)) };
    for (const change of changes)
      this.deps.events.emit("seatChange", this.address(), { ...change, ...stamp });
    this.publishSnapshot();
  }

  private publishSnapshot(): void {
    const seats = this.analyzer.snapshot();
    if (seats.length > 0) this.deps.events.emit("seatSnapshot", this.address(), { seats });
  }

  private address() {
    return { site: this.deps.site, device: this.deps.device, camera: this.deps.camera.id };
  }
}
