import type { FrameReply } from "@sitewatch/shared-protocol";
import type { TrackHint } from "@sitewatch/shared-protocol/face-mesh";
import type { Logger } from "../../../observability/logger.js";
import type { FrameMetrics } from "./frame-metrics.js";
import { defaultSequencerLimits, FrameSequencer, type SequencerLimits } from "./frame-sequencer.js";
import type { InferenceOutcome } from "./inference-pool.js";

/** The connection a frame came on: its answers go back there. */
export interface FrameOrigin {
  send(reply: FrameReply): void;
  /** The frame's analysis finished; called in the session's seq order. */
  complete(frame: QueuedFrame, outcome: InferenceOutcome): void;
}

export interface QueuedFrame {
  session: string;
  seq: number;
  captureMs: number;
  jpeg: Uint8Array;
  /** performance.now() when the message arrived. */
  receivedAt: number;
  origin: FrameOrigin;
}

/** The part of the inference pool the scheduler drives. */
export interface FrameRunner {
  readonly free: number;
  run(jpeg: Uint8Array, hint?: TrackHint): Promise<InferenceOutcome>;
}

export interface FrameSchedulerOptions {
  runner: FrameRunner;
  /** Frames one session may have waiting for a worker. */
  queueDepth: number;
  sequencer?: SequencerLimits;
  metrics: FrameMetrics;
  logger: Logger;
}

/** One session's frames: back in order, then a short queue, then one at a time through a worker. */
class Lane {
  readonly sequencer: FrameSequencer<QueuedFrame>;
  readonly queue: QueuedFrame[] = [];
  busy = false;
  /** Where the face was in the session's last analysed frame. */
  hint: TrackHint | undefined;
  timer: NodeJS.Timeout | undefined;
  constructor(limits: SequencerLimits) {
    this.sequencer = new FrameSequencer(limits);
  }
}

type DropReason = "duplicate" | "late" | "queue_full";

/**
 * Sessions share the workers round-robin, so a session sending faster than it can be served fills
 * only its own queue (its oldest frames make room, and it is told which) and never delays the others.
 * One frame per session is in a worker at a time, which keeps each session's results in seq order.
 */
export class FrameScheduler {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with a frame waiting and none in a worker, oldest turn first. */
  private readonly ready = new Set<Lane>();
  private queued = 0;

  constructor(private readonly options: FrameSchedulerOptions) {}

  offer(frame: QueuedFrame): void {
    const lane = this.laneOf(frame.session);
    const drops: Record<DropReason, number[]> = { duplicate: [], late: [], queue_full: [] };
    const verdict = lane.sequencer.push(frame, performance.now(), (f) => this.enqueue(lane, f, drops));
    if (verdict !== "accepted") drops[verdict].push(frame.seq);
    this.report(frame.session, frame.origin, drops);
    this.armGapTimer(frame.session, lane, frame.origin);
    this.pump();
  }

  /** Hands waiting frames to free workers. */
  pump(): void {
    while (this.options.runner.free > 0 && this.ready.size > 0) {
      const lane = this.ready.values().next().value as Lane;
      this.ready.delete(lane);
      const frame = lane.queue.shift();
      if (!frame) continue;
      this.setQueued(this.queued - 1);
      lane.busy = true;
      void this.options.runner
        .run(frame.jpeg, lane.hint)
        .then((outcome) => {
          lane.hint = outcome.ok ? outcome.hint : undefined;
          frame.origin.complete(frame, outcome);
        })
        .catch((err: unknown) =>
          this.options.logger.error({ err, session: frame.session }, "answering an analysed frame failed"),
        )
        .finally(() => {
          lane.busy = false;
          if (lane.queue.length > 0) this.ready.add(lane);
          this.pump();
        });
    }
  }

  /** Drops a session's waiting frames (it ended); frames already in a worker finish. */
  forget(session: string): number {
    const lane = this.lanes.get(session);
    if (!lane) return 0;
    this.lanes.delete(session);
    this.ready.delete(lane);
    clearTimeout(lane.timer);
    const dropped = lane.queue.length + lane.sequencer.waiting;
    this.setQueued(this.queued - lane.queue.length);
    lane.queue.length = 0;
    return dropped;
  }

  stop(): void {
    for (const session of [...this.lanes.keys()]) this.forget(session);
  }

  private laneOf(session: string): Lane {
    let lane = this.lanes.get(session);
    if (!lane) {
      lane = new Lane(this.options.sequencer ?? defaultSequencerLimits);
      this.lanes.set(session, lane);
    }
    return lane;
  }

  private enqueue(lane: Lane, frame: QueuedFrame, drops: Record<DropReason, number[]>): void {
    lane.queue.push(frame);
    this.setQueued(this.queued + 1);
    while (lane.queue.length > this.options.queueDepth) {
      const oldest = lane.queue.shift() as QueuedFrame;
      this.setQueued(this.queued - 1);
      drops.queue_full.push(oldest.seq);
    }
    if (!lane.busy) this.ready.add(lane);
  }

  private report(session: string, origin: FrameOrigin, drops: Record<DropReason, number[]>): void {
    for (const reason of ["duplicate", "late", "queue_full"] as const) {
      const seqs = drops[reason];
      if (seqs.length === 0) continue;
      this.options.metrics.dropped.inc({ reason }, seqs.length);
      origin.send({ type: "dropped", session, reason, seqs });
    }
  }

  /** A gap stays open at most `waitMs`; then the frames behind it go on without it. */
  private armGapTimer(session: string, lane: Lane, origin: FrameOrigin): void {
    clearTimeout(lane.timer);
    const deadline = lane.sequencer.deadline;
    if (deadline === undefined) return;
    lane.timer = setTimeout(
      () => {
        if (this.lanes.get(session) !== lane) return;
        const drops: Record<DropReason, number[]> = { duplicate: [], late: [], queue_full: [] };
        lane.sequencer.expire(performance.now(), (f) => this.enqueue(lane, f, drops));
        this.report(session, origin, drops);
        this.armGapTimer(session, lane, origin);
        this.pump();
      },
      Math.max(0, deadline - performance.now()) + 1,
    );
  }

  private setQueued(n: number): void {
    this.queued = n;
    this.options.metrics.queued.set(n);
  }
}
