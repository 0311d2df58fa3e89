import type { Server } from "node:http";
import type { Registry } from "prom-client";
import type { WebSocket } from "ws";
import type { AccessEvents } from "../../../auth/access-events.js";
import type { Authenticator, Principal } from "../../../auth/principal.js";
import type { FrameSettings } from "../../../config.js";
import type { Logger } from "../../../observability/logger.js";
import type { FocusSessions } from "../live/focus-sessions.js";
import { type ConnectionLimits, FrameConnection } from "./frame-connection.js";
import { createFrameMetrics, type FrameMetrics } from "./frame-metrics.js";
import { FrameScheduler } from "./frame-scheduler.js";
import { defaultSequencerLimits, type SequencerLimits } from "./frame-sequencer.js";
import { attachFrameSocket, type FrameSocket } from "./frame-socket.js";
import { InferencePool } from "./inference-pool.js";

export interface FrameServiceOptions {
  authenticator: Authenticator;
  sessions: FocusSessions;
  settings: FrameSettings;
  metrics: { registry: Registry };
  logger: Logger;
  allowAddress?: (peer: string | undefined, forwardedFor: string | string[] | undefined) => boolean;
  /** Access changes (user disabled, token revoked): that user's connections re-check their credential. */
  accessEvents?: Pick<AccessEvents, "subscribe">;
  /** Overrides for tests: reorder window, per-connection bounds. */
  sequencer?: SequencerLimits;
  limits?: Partial<Omit<ConnectionLimits, "maxFrameBytes">>;
}

const defaultLimits = { maxSessions: 4, maxBufferedBytes: 1024 * 1024 };

/**
 * The server frame path (attention role): clients that cannot run the face models send JPEG frames
 * over a WebSocket; the hub orders them per session, analyses them in worker threads and feeds the
 * results to the learner's focus session, answering each frame. Workers start with the first
 * connection; when the models are missing, connections are told MODEL_UNAVAILABLE and the rest of
 * the hub runs on.
 */
export class FrameService {
  readonly metrics: FrameMetrics;
  private readonly pool: InferencePool;
  private readonly scheduler: FrameScheduler;
  /** Open connections with the credential each was opened with. */
  private readonly connections = new Map<WebSocket, { principal: Principal; token: string }>();
  private unsubscribe: () => void = () => {};
  /** Connections feeding each session; a session's queue goes when the last one does. */
  private readonly holders = new Map<string, number>();
  private socket: FrameSocket | undefined;
  private readonly limits: ConnectionLimits;

  constructor(private readonly options: FrameServiceOptions) {
    const { settings, logger } = options;
    this.metrics = createFrameMetrics(options.metrics.registry);
    this.limits = { ...defaultLimits, ...options.limits, maxFrameBytes: settings.maxFrameBytes };
    this.pool = new InferencePool({
      size: settings.workers,
      modelDir: settings.modelDir,
      nice: settings.nice,
      logger,
      onFree: () => this.scheduler.pump(),
    });
    this.scheduler = new FrameScheduler({
      runner: this.pool,
      queueDepth: settings.queueDepth,
      sequencer: options.sequencer ?? defaultSequencerLimits,
      metrics: this.metrics,
      logger,
    });
  }

  /** Takes upgrades for the frame path on `server`. */
  start(server: Server): void {
    this.socket = attachFrameSocket({
      server,
      authenticator: this.options.authenticator,
      allowAddress: this.options.allowAddress,
      // Up to twice the frame limit is read and answered TOO_LARGE; beyond that the socket closes.
      maxPayload: this.limits.maxFrameBytes * 2,
      metrics: this.metrics,
      logger: this.options.logger,
      onConnection: (ws, principal, token) => this.connect(ws, principal, token),
    });
    this.unsubscribe =
      this.options.accessEvents?.subscribe((change) => {
        if (change.kind === "user") this.recheck(change.userId);
      }) ?? (() => {});
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.socket?.close();
    this.scheduler.stop();
    await this.pool.stop();
  }

  private connect(ws: WebSocket, principal: Principal, token: string): void {
    const { metrics, logger } = this;
    const connection = new FrameConnection(ws, principal, {
      sessions: this.options.sessions,
      offer: (frame) => this.scheduler.offer(frame),
      hold: (session, held) => this.hold(session, held),
      metrics,
      logger,
      limits: this.limits,
    });
    this.connections.set(ws, { principal, token });
    metrics.connections.inc();
    logger.debug({ user: principal.userId }, "frame client connected");
    ws.on("message", (data: Buffer, isBinary) => connection.receive(data, isBinary));
    ws.on("error", (err: Error & { code?: string }) => {
      // ws closes the connection itself (1009) when a message exceeds maxPayload.
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") metrics.malformed.inc({ code: "TOO_LARGE" });
      logger.debug({ err }, "frame client error");
    });
    ws.on("close", (code) => {
      this.connections.delete(ws);
      metrics.connections.dec();
      connection.closed();
      logger.debug({ user: principal.userId, code }, "frame client disconnected");
    });
    this.pool.start().then(
      () => this.scheduler.pump(),
      (err: Error) => {
        connection.send({ type: "error", code: "MODEL_UNAVAILABLE", message: err.message });
        ws.close(1011, "MODEL_UNAVAILABLE");
      },
    );
  }

  private get logger(): Logger {
    return this.options.logger;
  }

  /** A user's access changed: each of their connections keeps going only if its credential still works. */
  private recheck(userId: string): void {
    for (const [ws, { principal, token }] of this.connections) {
      if (principal.userId !== userId) continue;
      this.options.authenticator.authenticate(token).then(
        (now) => {
          if (now.userId !== userId) ws.close(1008, "UNAUTHENTICATED: access changed");
        },
        () => ws.close(1008, "UNAUTHENTICATED: access revoked"),
      );
    }
  }

  private hold(session: string, held: boolean): void {
    const n = (this.holders.get(session) ?? 0) + (held ? 1 : -1);
    if (n > 0) return void this.holders.set(session, n);
    this.holders.delete(session);
    const dropped = this.scheduler.forget(session);
    if (dropped > 0) this.metrics.dropped.inc({ reason: "closed" }, dropped);
  }
}
