import type { CameraState } from "@sitewatch/shared-protocol";
import type { CapturedFrame, FrameSource } from "./frame-source.js";

/** A pipeline's counters since it started, across all of its reconnects. */
export interface CameraPipelineStats {
  state: CameraState;
  framesDecoded: number;
  framesSampled: number;
  /** Packets never decoded because only keyframes were needed. */
  packetsSkipped: number;
  /** Sampled frames replaced before the frame handler took them (analysis slower than sampling). */
  droppedFrames: number;
  reconnects: number;
  /** Epoch ms of the last sampled frame, if any. */
  lastFrameAt: number | undefined;
  /** Sampled frames per second recently (an exponential moving average). */
  fps: number;
  /** Mean decode + RGB conversion time per sampled frame on the current connection. */
  decodeMs: number;
}

/** Keeps the totals of finished connections and adds the live one's counters when asked. */
export class PipelineStats {
  reconnects = 0;
  droppedFrames = 0;
  attemptStartedAt = Date.now();
  private framesDecoded = 0;
  private framesSampled = 0;
  private packetsSkipped = 0;
  private lastFrameAt: number | undefined;
  private meanGapMs: number | undefined;
  private source: FrameSource | undefined;

  attach(source: FrameSource): void {
    this.source = source;
  }

  /** Folds the finished connection's counters into the totals. */
  detach(): void {
    const stats = this.source?.stats;
    if (stats !== undefined) {
      this.framesDecoded += stats.framesDecoded;
      this.framesSampled += stats.framesSampled;
      this.packetsSkipped += stats.packetsSkipped;
    }
    this.source = undefined;
    this.meanGapMs = undefined;
  }

  sampled(frame: CapturedFrame): void {
    if (this.lastFrameAt !== undefined) {
      const gap = frame.capturedAt - this.lastFrameAt;
      // A few samples of memory: follows a changed interval within seconds but ignores one late frame.
      this.meanGapMs = this.meanGapMs === undefined ? gap : this.meanGapMs * 0.8 + gap * 0.2;
    }
    this.lastFrameAt = frame.capturedAt;
  }

  snapshot(state: CameraState): CameraPipelineStats {
    const live = this.source?.stats;
    return {
      state,
      framesDecoded: this.framesDecoded + (live?.framesDecoded ?? 0),
      framesSampled: this.framesSampled + (live?.framesSampled ?? 0),
      packetsSkipped: this.packetsSkipped + (live?.packetsSkipped ?? 0),
      droppedFrames: this.droppedFrames,
      reconnects: this.reconnects,
      lastFrameAt: this.lastFrameAt,
      fps:
        state === "streaming" && this.meanGapMs !== undefined && this.meanGapMs > 0
          ? 1000 / this.meanGapMs
          : 0,
      decodeMs: live?.decodeMsPerSample ?? 0,
    };
  }
}
