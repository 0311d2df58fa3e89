import type { CameraBase } from "../agent-config/camera-base.js";
import type { CapturedFrame, PacketTap } from "../capture/frame-source.js";
import type { CameraPipeline, CameraStatusUpdate } from "../capture/index.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { LogLine } from "../logging/log-line.js";
import type { ClosedSegment } from "../roles/archive/recording/camera-recorder.js";
import type { CaptureNeeds, RoleAnalyzer, RoleEvent, RoleEvents } from "../roles/role-module.js";
import type { LiveFeed, LiveTarget } from "./live-view.js";

export interface PipelineHandlers {
  onFrame: (frame: CapturedFrame) => Promise<void>;
  onStatus: (status: CameraStatusUpdate) => void;
  onError: (error: unknown) => void;
}

export interface CameraWorkerDeps {
  site: string;
  device: string;
  camera: CameraBase;
  /** What the camera's role does with its frames. */
  analyzer: RoleAnalyzer;
  /** What the role asks of capture. */
  capture: CaptureNeeds;
  events: Pick<EventFactory, "emit">;
  /**
   * Builds the capture pipeline, first sampling every `intervalMs` (the role's needs give the rest); the
   * worker hands it its frame and status callbacks. Called once: rate changes go to the running pipeline.
   */
  pipeline: (handlers: PipelineHandlers, intervalMs: number, capture: CaptureNeeds) => CameraPipeline;
  log: LogLine;
}

/** Records the camera's video beside its analysis, from the packets the capture already reads. */
export interface CameraRecording extends PacketTap {
  start(): Promise<void>;
  /** Closes the open segment; called once capture has stopped. */
  stop(): Promise<void>;
}

/**
 * One camera, whatever its role: capture → role analyser → events, plus the live view, health, restarts
 * and the newest frame for snapshots. It knows nothing of what the role looks for. Everything here runs
 * inside the pipeline's callbacks, which never let an error escape into the capture loop.
 */
export class CameraWorker implements LiveTarget {
  private readonly pipeline: CameraPipeline;
  private intervalMs: number;
  private live: LiveFeed | undefined;
  private active = false;
  private inferenceMs = 0;
  private analysed = 0;
  private lastFrame: CapturedFrame | undefined;
  /** Role events still being prepared (a hook returned a promise), chained so they leave in hook order. */
  private later: Promise<void> = Promise.resolve();
  private waiting = 0;
  private recording: CameraRecording | undefined;

  constructor(private readonly deps: CameraWorkerDeps) {
    this.intervalMs = this.wantedInterval();
    this.pipeline = deps.pipeline(
      {
        onFrame: (frame) => this.onFrame(frame),
        onStatus: (status) => this.onStatus(status),
        onError: (error) =>
          deps.log((error as Error).message ?? String(error), {
            level: "warn",
            camera: deps.camera.id,
            role: deps.camera.role,
          }),
      },
      this.intervalMs,
      deps.capture,
    );
  }

  get id(): string {
    return this.deps.camera.id;
  }

  /** The newest analysed picture, for snapshot requests. */
  get latestFrame(): CapturedFrame | undefined {
    return this.lastFrame;
  }

  /** Starts capture and publishes the role's restatement (its retained checkpoint) of where it starts. */
  start(): void {
    this.restate();
    void this.pipeline.start();
  }

  /**
   * Publishes the role's whole state again, e.g. when the MQTT session comes back: the broker may have
   * lost its retained copy, or the outbox dropped events while the device was away.
   */
  restate(): void {
    this.emit(this.deps.analyzer.snapshot());
  }

  async stop(): Promise<void> {
    await this.pipeline.stop();
    await this.recording?.stop();
    await this.later;
  }

  /** Records the camera from its next connection on; call before `start` to record from the first. */
  record(recording: CameraRecording): void {
    this.recording = recording;
    this.pipeline.tapPackets(recording);
    void recording.start();
  }

  /** Hands the camera's video packets to `tap` too (live video), from the open connection on. */
  tapPackets(tap: PacketTap): () => void {
    return this.pipeline.tapPackets(tap);
  }

  /** A closed archive segment, announced through the camera's event path like its role's events. */
  segmentReady(segment: ClosedSegment): void {
    this.deps.events.emit("segmentReady", this.address(), segment);
  }

  /**
   * While watched live, the camera samples at the viewer's frame rate (never slower than its own
   * interval) and the role draws boxes on every frame for the viewer. The rate changes on the open
   * connection, without a reconnect or a wait for the next keyframe (CameraPipeline.setIntervalMs).
   */
  setLive(feed: LiveFeed | undefined): void {
    this.live = feed;
    this.retune();
  }

  restart(reason: string): void {
    this.pipeline.restart(reason);
  }

  /** A config push changed this camera's role settings; capture settings are unchanged. */
  reconfigure(camera: CameraBase): void {
    this.deps.camera = camera;
    this.emit(this.deps.analyzer.reconfigure(camera));
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

  /** The role's sections of the agent state file (e.g. `seats`). */
  roleState(): Readonly<Record<string, unknown>> {
    return this.deps.analyzer.state();
  }

  state(): { status: string; lastFrameAt?: number; error?: string } {
    const status = this.pipeline.status;
    return { status: status.state, lastFrameAt: this.pipeline.stats.lastFrameAt, error: status.reason };
  }

  private async onFrame(frame: CapturedFrame): Promise<void> {
    this.lastFrame = frame;
    const live = this.live;
    const result = await this.deps.analyzer.analyse(frame, { live: live !== undefined });
    if (result.inferenceMs !== undefined) {
      this.inferenceMs += result.inferenceMs;
      this.analysed += 1;
    }
    this.emit(result.events);
    if (live && result.overlay) await live.send(frame, result.overlay);
    if (this.deps.capture.activeIntervalMs !== undefined && (result.active ?? false) !== this.active) {
      this.active = !this.active;
      this.retune();
    }
  }

  /** The role's interval, or faster while watched live or while the role reports activity. */
  private wantedInterval(): number {
    const { intervalMs, activeIntervalMs } = this.deps.capture;
    const rates = [intervalMs];
    if (this.live) rates.push(Math.max(50, Math.round(1000 / this.live.fps)));
    if (this.active && activeIntervalMs !== undefined) rates.push(activeIntervalMs);
    return Math.min(...rates);
  }

  /** No reconnect: a gate switching to its active rate needs frames now, not after an RTSP handshake. */
  private retune(): void {
    const wanted = this.wantedInterval();
    if (wanted === this.intervalMs) return;
    this.intervalMs = wanted;
    this.pipeline.setIntervalMs(wanted);
  }

  private onStatus(status: CameraStatusUpdate): void {
    const { camera: _camera, at: _at, ...fields } = status;
    this.deps.events.emit("cameraStatus", this.address(), { ...fields, role: this.deps.camera.role });
    if (status.state === "reconnecting" || status.state === "failed")
      this.emit(this.deps.analyzer.cameraDown());
  }

  /** Publishes a hook's events now, or once they are ready and every earlier hook's have left. */
  private emit(events: RoleEvents): void {
    if (!(events instanceof Promise) && this.waiting === 0) {
      this.publish(events);
      return;
    }
    this.waiting += 1;
    this.later = this.later
      .then(() => events)
      .then((ready) => this.publish(ready))
      .catch((err: Error) =>
        this.deps.log(`role events lost: ${err.message}`, { level: "error", camera: this.deps.camera.id }),
      )
      .finally(() => {
        this.waiting -= 1;
      });
  }

  private publish(events: readonly RoleEvent[]): void {
    // Each RoleEvent pairs a kind with its own fields; TypeScript cannot follow that pairing into emit.
    for (const event of events)
      this.deps.events.emit(event.kind, this.address(), event.fields as never, event.id);
  }

  private address() {
    return { site: this.deps.site, device: this.deps.device, camera: this.deps.camera.id };
  }
}
