import type { Detection } from "../../vision/detect/detector.js";
import type {
  Analysis,
  RoleAnalyzer,
  RoleContext,
  RoleEvent,
  RoleFrame,
  RoleModule,
} from "../role-module.js";
import { SeatAnalyzer } from "./seat-analyzer.js";
import type { SeatTransition } from "./seat-transition.js";
import { type SeatsCamera, seatOptionsOf, seatsCameraSchema, seatsFromPush } from "./seats-config.js";

/** The longest a seats camera goes without restating every seat in its retained checkpoint. */
export const CHECKPOINT_EVERY_MS = 5 * 60_000;

export interface SeatsRoleOptions {
  /** Default CHECKPOINT_EVERY_MS; measured on the role's clock, checked on each analysed frame. */
  checkpointEveryMs?: number;
}

/**
 * The seats role on one camera: motion filter → shared detector → seat analyser; a camera that stops
 * streaming turns its seats `unknown`. Each change leaves the device once (seatChange). The retained
 * seatSnapshot is a checkpoint, not a copy after every change: its seq says which changes it includes,
 * and it is restated when a late subscriber would otherwise be misled — when the worker starts or the
 * MQTT session comes back (snapshot()), when the camera goes down, when its last unknown seat becomes
 * known (start, recovery, new seats), when a config push changes the seats, and every few minutes.
 */
export class SeatsRoleAnalyzer implements RoleAnalyzer<SeatsCamera> {
  private readonly analyzer: SeatAnalyzer;
  private readonly checkpointEveryMs: number;
  /** When the last checkpoint was handed out; none yet means the first analysed frame sends one. */
  private checkpointAt = Number.NEGATIVE_INFINITY;

  constructor(
    camera: SeatsCamera,
    private readonly ctx: RoleContext<"detector">,
    options: SeatsRoleOptions = {},
  ) {
    this.analyzer = new SeatAnalyzer(camera.seats, ctx.now(), seatOptionsOf(camera));
    this.checkpointEveryMs = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
  }

  /**
   * The detector runs when the motion filter asks for it, and on every frame someone watches live (the
   * viewer wants boxes); seat analysis carries on either way, its debounce is in time, not frames.
   */
  async analyse(frame: RoleFrame, opts: { live: boolean }): Promise<Analysis> {
    const plan = this.analyzer.plan(frame);
    let detections: Detection[] | null = null;
    let inferenceMs: number | undefined;
    if (plan.runDetector || opts.live) {
      const started = performance.now();
      detections = await this.ctx.models.detector.detect(frame, { scoreThreshold: this.ctx.scoreThreshold });
      inferenceMs = performance.now() - started;
    }
    const now = this.ctx.now();
    const changes = this.analyzer.observe(frame, detections, now);
    const events = this.changes(changes, frame.capturedAt);
    if (this.recovered(changes) || now - this.checkpointAt >= this.checkpointEveryMs)
      events.push(...this.snapshot());
    return { events, inferenceMs, ...(opts.live && detections ? { overlay: detections } : {}) };
  }

  /** The checkpoint: every seat as of now. Its envelope seq follows every change it includes. */
  snapshot(): RoleEvent[] {
    const seats = this.analyzer.snapshot();
    if (seats.length === 0) return [];
    this.checkpointAt = this.ctx.now();
    return [{ kind: "seatSnapshot", fields: { seats } }];
  }

  /** Every seat turns unknown at once, and may stay so for hours with no frame to refresh it. */
  cameraDown(): RoleEvent[] {
    const events = this.changes(this.analyzer.cameraDown(this.ctx.now()));
    return events.length > 0 ? [...events, ...this.snapshot()] : [];
  }

  /** Unchanged seats keep their state; a checkpoint goes out only when the seats it lists changed. */
  reconfigure(camera: SeatsCamera): RoleEvent[] {
    const before = JSON.stringify(this.analyzer.snapshot());
    this.analyzer.updateSeats(camera.seats, this.ctx.now(), seatOptionsOf(camera));
    return JSON.stringify(this.analyzer.snapshot()) === before ? [] : this.snapshot();
  }

  /** Every seat's current state, for the agent state file that `edge-agent seats` reads. */
  state() {
    return { seats: this.analyzer.snapshot() };
  }

  /**
   * `capturedAt` is the frame that decided the changes, so the hub and dashboards can measure camera →
   * screen latency; a camera going down decides without a frame and stamps none.
   */
  private changes(changes: readonly SeatTransition[], capturedAt?: number): RoleEvent[] {
    if (changes.length === 0) return [];
    const stamp = capturedAt === undefined ? {} : { capturedAt: Math.max(0, Math.round(capturedAt)) };
    return changes.map((change) => ({ kind: "seatChange", fields: { ...change, ...stamp } }));
  }

  /** The camera's last unknown seat became known: after start, a recovery, or new seats. */
  private recovered(changes: readonly SeatTransition[]): boolean {
    return (
      changes.some((c) => c.from === "unknown") &&
      this.analyzer.snapshot().every((s) => s.state !== "unknown")
    );
  }
}

export const seatsRole: RoleModule<typeof seatsCameraSchema, "detector"> = {
  camera: seatsCameraSchema,
  fromPush: seatsFromPush,
  models: ["detector"],
  capture: (camera) => ({ intervalMs: camera.intervalMs, maxWidth: camera.maxWidth }),
  create: (camera, ctx) => new SeatsRoleAnalyzer(camera, ctx),
};
