import { openFrameSource, redact } from "./av-frame-source.js";
import { Backoff, sleepUnlessAborted } from "./backoff.js";
import type { CameraPipelineOptions, CameraStatusUpdate } from "./camera-pipeline-options.js";
import { FrameHandoff } from "./frame-handoff.js";
import type { FrameSource, PacketTap, StreamInfo } from "./frame-source.js";
import { PacketTaps } from "./packet-taps.js";
import { type CameraPipelineStats, PipelineStats } from "./pipeline-stats.js";

export type { CameraPipelineOptions, CameraStatusUpdate } from "./camera-pipeline-options.js";

/**
 * One camera's capture loop: connect, sample frames, and on any failure (refused, 404, stream ended, stall)
 * wait with exponential backoff and connect again, for as long as it runs. Each pipeline has its own abort
 * controller and catches everything, so a broken camera can never stop or slow down the others.
 */
export class CameraPipeline {
  private readonly controller = new AbortController();
  private attemptController: AbortController | undefined;
  private unlinkAttempt: (() => void) | undefined;
  private restartRequested = false;
  private readonly backoff: Backoff;
  private readonly counters = new PipelineStats();
  private current: CameraStatusUpdate;
  private running: Promise<void> | undefined;
  private readonly handoff: FrameHandoff;
  /** Frames the current connection produced; a file that ends without any is broken, not looping. */
  private attemptFrames = 0;
  private intervalMs: number;
  /** The open connection, which a new interval is handed to. */
  private source: FrameSource | undefined;
  private readonly taps = new PacketTaps((error) => this.report(error));

  constructor(private readonly options: CameraPipelineOptions) {
    this.backoff = new Backoff(options.backoff);
    this.intervalMs = options.intervalMs ?? 3_000;
    this.handoff = new FrameHandoff(
      (frame) => options.onFrame(frame, options.camera),
      (error) => this.report(error),
    );
    this.current = { camera: options.camera, state: "connecting", at: Date.now() };
  }

  get camera(): string {
    return this.options.camera;
  }

  get status(): Readonly<CameraStatusUpdate> {
    return this.current;
  }

  /** Frames waiting for analysis: the one in progress and the newest waiting behind it (0–2). */
  get queueDepth(): number {
    return this.handoff.depth;
  }

  get stats(): CameraPipelineStats {
    return this.counters.snapshot(this.current.state);
  }

  /** Starts the loop in the background; the returned promise settles when it stops, and never rejects. */
  start(): Promise<void> {
    this.running ??= this.loop().catch((error) => this.report(error));
    return this.running;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
    await this.handoff.idle();
  }

  /**
   * Samples at a new interval on the open connection, and on every later one. Reconnecting for it would cost
   * the RTSP handshake and a keyframe wait (1–2 s) just when a role wants frames faster.
   */
  setIntervalMs(intervalMs: number): void {
    if (!(intervalMs >= 0)) throw new RangeError(`sampling interval must be >= 0 ms, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.source?.setIntervalMs(intervalMs);
  }

  /** Hands the video packets to `tap` too (recording, live video), joining the open connection. */
  tapPackets(tap: PacketTap): () => void {
    return this.taps.add(tap);
  }

  /** Drops the current connection and connects again at once, e.g. for a hub's restartPipeline command. */
  restart(reason = "restart requested"): void {
    if (this.controller.signal.aborted) return;
    this.backoff.reset();
    this.restartRequested = true;
    this.attemptController?.abort(new Error(reason));
    // A pipeline that gave up ("failed") has no loop left to reconnect: run a new one.
    if (this.current.state === "failed") {
      this.running = undefined;
      void this.start();
    }
  }

  private async loop(): Promise<void> {
    const { signal } = this.controller;
    let looping = false;
    while (!signal.aborted) {
      this.restartRequested = false;
      // A looping file stays "streaming" across its restart: a status change would turn its seats unknown.
      if (!looping) this.setStatus({ state: "connecting" });
      const started = Date.now();
      const reason = await this.runOnce();
      if (signal.aborted) return;
      looping = this.endedFileLoops(reason);
      if (looping) {
        this.backoff.reset();
        continue;
      }
      if (this.current.state === "streaming") this.backoff.ranFor(Date.now() - started);
      if (this.restartRequested) continue;
      if (this.options.maxAttempts !== undefined && this.backoff.attempt + 1 >= this.options.maxAttempts) {
        this.setStatus({ state: "failed", reason, attempt: this.backoff.attempt + 1 });
        return;
      }
      const retryInMs = this.backoff.next();
      this.counters.reconnects += 1;
      this.setStatus({ state: "reconnecting", reason, attempt: this.backoff.attempt, retryInMs });
      await sleepUnlessAborted(retryInMs, this.attemptSignal());
    }
  }

  /** One connection, from opening to its end; resolves with why it ended. */
  private async runOnce(): Promise<string> {
    const attempt = this.attemptSignal();
    const stallMs = this.options.stallTimeoutMs ?? 10_000;
    let source: FrameSource | undefined;
    let stalled: string | undefined;
    const openTimeoutMs = this.options.openTimeoutMs ?? 20_000;
    const watchdog = setInterval(
      () => {
        // Opening reads seconds of video to learn the stream's parameters, so it gets its own, longer limit.
        const quiet = source
          ? Date.now() - source.stats.lastActivityAt
          : Date.now() - this.counters.attemptStartedAt;
        if (quiet <= (source ? stallMs : openTimeoutMs)) return;
        stalled = source
          ? `stalled: no video for ${stallMs / 1000} s`
          : `no stream within ${openTimeoutMs / 1000} s`;
        // Closing interrupts the blocking read, which ends the iteration below.
        this.attemptController?.abort(new Error("stalled"));
        void source?.close().catch(() => undefined);
      },
      Math.max(50, Math.min(1_000, stallMs / 4)),
    );
    this.counters.attemptStartedAt = Date.now();
    this.attemptFrames = 0;
    try {
      const open = this.options.openSource ?? openFrameSource;
      const intervalMs = this.intervalMs;
      source = await open(this.options.url, {
        intervalMs,
        maxWidth: this.options.maxWidth,
        keyframes: this.options.keyframes,
        timeoutMs: stallMs,
        realtime: this.options.realtime,
        signal: attempt,
        packets: this.taps,
      });
      if (attempt.aborted) return stalled ?? abortReason(attempt);
      attempt.addEventListener("abort", () => void source?.close().catch(() => undefined), { once: true });
      this.counters.attach(source);
      this.source = source;
      // The interval may have changed while connecting.
      if (this.intervalMs !== intervalMs) source.setIntervalMs(this.intervalMs);
      for await (const frame of source) {
        // Reported again when the measured frame rate replaces FFmpeg's first guess.
        if (this.current.state !== "streaming" || rateChanged(this.current.stream, source.info)) {
          this.setStatus({ state: "streaming", stream: source.info });
        }
        this.counters.sampled(frame);
        this.attemptFrames += 1;
        if (this.handoff.offer(frame)) this.counters.droppedFrames += 1;
      }
      if (stalled !== undefined) return stalled;
      return attempt.aborted ? abortReason(attempt) : STREAM_ENDED;
    } catch (error) {
      if (stalled !== undefined) return stalled;
      return redactAll(error instanceof Error ? error.message : String(error), this.options.url);
    } finally {
      clearInterval(watchdog);
      this.source = undefined;
      this.counters.detach();
      await source?.close().catch(() => undefined);
    }
  }

  /** A real-time file that played to its end (with frames) starts over at once instead of reconnecting. */
  private endedFileLoops(reason: string): boolean {
    return (
      this.options.realtime === true &&
      reason === STREAM_ENDED &&
      !this.restartRequested &&
      this.attemptFrames > 0 &&
      this.current.state === "streaming"
    );
  }

  /** A fresh per-connection signal, aborted with the pipeline or by the watchdog / restart(). */
  private attemptSignal(): AbortSignal {
    if (this.attemptController === undefined || this.attemptController.signal.aborted) {
      this.unlinkAttempt?.();
      const child = new AbortController();
      const onStop = () => child.abort(new Error("stopped"));
      if (this.controller.signal.aborted) onStop();
      this.controller.signal.addEventListener("abort", onStop, { once: true });
      // Without unlinking, a camera that reconnects for days would pile up one listener per attempt.
      this.unlinkAttempt = () => this.controller.signal.removeEventListener("abort", onStop);
      this.attemptController = child;
    }
    return this.attemptController.signal;
  }

  private setStatus(update: Omit<CameraStatusUpdate, "camera" | "at">): void {
    this.current = { camera: this.options.camera, at: Date.now(), ...update };
    try {
      this.options.onStatus?.(this.current);
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error, this.options.camera);
    } catch {
      // A throwing error handler has nowhere left to report to.
    }
  }
}

const STREAM_ENDED = "stream ended";

function rateChanged(reported: StreamInfo | undefined, now: StreamInfo): boolean {
  return reported !== undefined && Math.abs(reported.fps - now.fps) > Math.max(0.5, now.fps * 0.1);
}

function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : "aborted";
}

function redactAll(message: string, url: string): string {
  return message.split(url).join(redact(url));
}
