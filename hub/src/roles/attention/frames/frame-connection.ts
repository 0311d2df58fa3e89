import type { FocusState } from "@sitewatch/shared-protocol";
import { decodeFrame, type FrameReply } from "@sitewatch/shared-protocol";
import type { WebSocket } from "ws";
import type { Principal } from "../../../auth/principal.js";
import type { Logger } from "../../../observability/logger.js";
import type { FocusOutput } from "../live/focus-session.js";
import type { FocusSessions } from "../live/focus-sessions.js";
import type { FrameMetrics } from "./frame-metrics.js";
import type { FrameOrigin, QueuedFrame } from "./frame-scheduler.js";
import type { InferenceOutcome } from "./inference-pool.js";

export interface ConnectionLimits {
  /** Largest frame answered with a result; larger ones (up to the socket's maxPayload) get TOO_LARGE. */
  maxFrameBytes: number;
  /** Sessions one connection may feed. */
  maxSessions: number;
  /** Replies the client has not read yet; past this it is cut off (it stopped reading). */
  maxBufferedBytes: number;
}

export interface ConnectionDeps {
  sessions: Pick<FocusSessions, "ownerOf" | "sourceOf" | "sample" | "attach" | "detach">;
  /** Queues a frame for inference (the scheduler). */
  offer(frame: QueuedFrame): void;
  /** The connection holds `session` from now on, or no longer. */
  hold(session: string, held: boolean): void;
  metrics: FrameMetrics;
  logger: Logger;
  limits: ConnectionLimits;
}

/**
 * One client on the frame socket: decodes its frames, checks that each session is the caller's own,
 * queues them, and answers each analysed frame with the session's new attention state. Its sessions'
 * alerts and hub-side endings come here too, as the learner's output of those sessions.
 */
export class FrameConnection implements FrameOrigin {
  private readonly mine = new Set<string>();
  /** The state answer of the sample being fed, caught from the session's output. */
  private answer: FocusState | undefined;
  private readonly output: FocusOutput;

  constructor(
    private readonly ws: WebSocket,
    private readonly principal: Principal,
    private readonly deps: ConnectionDeps,
  ) {
    this.output = {
      state: (m) => {
        this.answer = m;
      },
      alert: (m) => this.send({ type: "alert", ...m }),
      ended: (summary, reason) => {
        this.release(summary.session);
        this.send({
          type: "ended",
          session: summary.session,
          reason: reason as "idle" | "disconnected" | "shutdown",
          summary,
        });
      },
    };
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(reply: FrameReply): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount > this.deps.limits.maxBufferedBytes) {
      this.ws.close(1008, "replies are not being read");
      return;
    }
    this.ws.send(JSON.stringify(reply));
  }

  /** One binary or text message from the client. */
  receive(data: Buffer, isBinary: boolean, arrived = performance.now()): void {
    const { metrics, limits } = this.deps;
    metrics.received.inc();
    const decoded = isBinary
      ? decodeFrame(data, limits.maxFrameBytes)
      : ({ ok: false, code: "BAD_MAGIC", message: "frames are binary messages" } as const);
    if (!decoded.ok) {
      metrics.malformed.inc({ code: decoded.code });
      const code = decoded.code === "TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "MALFORMED_FRAME";
      this.send({ type: "error", code, reason: decoded.code, message: decoded.message });
      return;
    }
    const { session, seq, captureMs, jpeg } = decoded.frame;
    const refusal = this.claim(session);
    if (refusal) {
      metrics.dropped.inc({ reason: "refused" });
      this.send({ type: "error", session, seq, ...refusal });
      return;
    }
    this.deps.offer({ session, seq, captureMs, jpeg, receivedAt: arrived, origin: this });
  }

  /** The worker's answer for one of this connection's frames, in the session's seq order. */
  complete(frame: QueuedFrame, outcome: InferenceOutcome): void {
    const { metrics, sessions } = this.deps;
    const { session, seq, captureMs } = frame;
    if (!outcome.ok) {
      metrics.dropped.inc({ reason: "failed" });
      this.send({ type: "error", code: outcome.code, session, seq, message: outcome.message });
      return;
    }
    metrics.inferenceSeconds.observe(outcome.inferenceMs / 1000);
    if (outcome.detected) metrics.detectorRuns.inc();
    this.answer = undefined;
    const dropped = sessions.sample(session, seq, captureMs, outcome.face, frame.receivedAt);
    const answer = this.answer as FocusState | undefined;
    if (dropped || !answer) {
      metrics.dropped.inc({ reason: "refused" });
      if (dropped === "unknown") this.release(session);
      const code = dropped === "unknown" ? "NOT_FOUND" : "CONFLICT";
      this.send({
        type: "error",
        code,
        session,
        seq,
        message: `the session refused the sample (${dropped})`,
      });
      return;
    }
    const latencyMs = performance.now() - frame.receivedAt;
    metrics.processed.inc();
    metrics.latencySeconds.observe(latencyMs / 1000);
    this.send({
      type: "result",
      session,
      seq,
      captureMs,
      state: answer.state,
      face: outcome.face,
      latencyMs,
      inferenceMs: outcome.inferenceMs,
    });
  }

  /** The socket closed: its sessions wait for the learner's next connection (the sessions' grace). */
  closed(): void {
    for (const session of [...this.mine]) {
      this.deps.sessions.detach(session, this.output);
      this.release(session);
    }
  }

  /** Takes `session` over for this connection if it is the caller's; otherwise says why not. */
  private claim(session: string): { code: "NOT_FOUND" | "RATE_LIMITED"; message: string } | undefined {
    if (this.mine.has(session)) return undefined;
    // Someone else's session is reported missing, so probing ids reveals nothing.
    if (this.deps.sessions.ownerOf(session) !== this.principal.userId)
      return { code: "NOT_FOUND", message: `focus session ${session} not found` };
    // A browser session's numbers come from the page; frames for it would count every moment twice.
    if (this.deps.sessions.sourceOf(session) !== "frames")
      return {
        code: "NOT_FOUND",
        message: `focus session ${session} does not take frames (start it with source "frames")`,
      };
    if (this.mine.size >= this.deps.limits.maxSessions)
      return {
        code: "RATE_LIMITED",
        message: `at most ${this.deps.limits.maxSessions} sessions per connection`,
      };
    this.deps.sessions.attach(session, this.output);
    this.mine.add(session);
    this.deps.hold(session, true);
    return undefined;
  }

  private release(session: string): void {
    if (!this.mine.delete(session)) return;
    this.deps.hold(session, false);
  }
}
