import {
  type FocusSessionInfo,
  type FocusSource,
  type FocusStarted,
  type FocusSummary,
  uuidv7,
} from "@sitewatch/shared-protocol";
import {
  type AttentionThresholds,
  defaultAttentionThresholds,
  type FaceSample,
} from "@sitewatch/shared-protocol/attention";
import type { Database, Db } from "../../../db/client.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { DomainEventPublisher } from "../../../events/domain-events.js";
import { type BatchWriter, NotStoredError } from "../../../ingest/batch-writer.js";
import type { Logger } from "../../../observability/logger.js";
import type { Metrics } from "../../../observability/metrics.js";
import type { InitialStateSource } from "../../../realtime/initial-state.js";
import { attentionSink } from "../attention-sinks.js";
import { defaultFocusLimits, type FocusLimits } from "./focus-limits.js";
import { createFocusMetrics, type FocusMetrics } from "./focus-metrics.js";
import { type FocusOutput, FocusSession } from "./focus-session.js";
import { attentionMinuteSink, createFocusWriter, focusSessionSink } from "./focus-sinks.js";
import { RateBucket } from "./rate-bucket.js";

export interface FocusSessionsOptions {
  database: Database;
  events: DomainEventPublisher;
  metrics: Pick<Metrics, "registry" | "dbErrors">;
  logger: Logger;
  writer: { batchRows: number; batchMs: number; maxPending: number };
  limits?: Partial<FocusLimits>;
  /** A site's own thresholds over the defaults; default: none. */
  thresholdsFor?: (site: string) => Promise<Partial<AttentionThresholds>>;
  now?: () => number;
}

export interface StartFocus {
  site: string;
  learner: string;
  source: FocusSource;
  language?: string;
  output: FocusOutput;
}

type Live = { session: FocusSession; bucket: RateBucket };

/**
 * The hub's live focus sessions, whichever transport feeds them (Socket.IO samples from the browser,
 * results of the frame socket). Each session owns an attention machine; its changes and alerts are
 * stored as attention_events through attentionSink, its minutes as attention_minutes, its row in
 * attention_sessions; answers go to the learner's own output, session changes to the site's
 * dashboards over the domain bus. Callers check that the caller owns a session (`ownerOf`).
 */
export class FocusSessions {
  readonly metrics: FocusMetrics;
  private readonly limits: FocusLimits;
  private readonly live = new Map<string, Live>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly writer: BatchWriter<Db>;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: FocusSessionsOptions) {
    this.limits = { ...defaultFocusLimits, ...opts.limits };
    this.now = opts.now ?? Date.now;
    this.metrics = createFocusMetrics(opts.metrics.registry);
    this.writer = createFocusWriter(opts.database.db, {
      ...opts.writer,
      metrics: { ...this.metrics, dbErrors: opts.metrics.dbErrors },
      logger: opts.logger.child({ component: "focus-writer" }),
    });
  }

  start(): void {
    this.sweeper = setInterval(() => this.sweep(), this.limits.sweepMs);
    this.sweeper.unref();
  }

  /** Ends every session (reason shutdown) and writes what is pending. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.live.keys()].map((id) => this.end(id, "shutdown")));
    await this.writer.stop();
  }

  async open(req: StartFocus): Promise<FocusStarted> {
    const mine = this.byUser.get(req.learner);
    if ((mine?.size ?? 0) >= this.limits.sessionsPerUser)
      throw new ApiError("RATE_LIMITED", `at most ${this.limits.sessionsPerUser} focus sessions at once`);
    if (this.live.size >= this.limits.sessions)
      throw new ApiError("RATE_LIMITED", "this hub runs as many focus sessions as it may; retry later");
    const own = (await this.opts.thresholdsFor?.(req.site)) ?? {};
    const thresholds: AttentionThresholds = { ...defaultAttentionThresholds, ...own };
    const startedAt = this.now();
    const id = uuidv7(startedAt);
    const session = new FocusSession(
      { id, site: req.site, learner: req.learner, source: req.source, language: req.language, startedAt },
      thresholds,
      req.output,
      {
        event: (row) => void this.writer.accept(attentionSink, row),
        minute: (figures) => void this.writer.accept(attentionMinuteSink, figures.row(req.site, id)),
        live: (info) => this.announce(req.site, info),
      },
    );
    this.live.set(id, {
      session,
      bucket: new RateBucket(this.limits.samplesPerSecond, this.limits.burst, startedAt),
    });
    this.byUser.set(req.learner, (mine ?? new Set()).add(id));
    this.metrics.sessionsLive.inc({ source: req.source });
    void this.writer.accept(focusSessionSink, session.row(startedAt));
    this.announce(req.site, session.info());
    return { session: id, thresholds, startedAt };
  }

  /** The learner (user id) a live session belongs to; undefined when there is no such session here. */
  ownerOf(session: string): string | undefined {
    return this.live.get(session)?.session.who.learner;
  }

  /** Where a live session's measurements come from (the frame socket feeds only "frames" sessions). */
  sourceOf(session: string): FocusSource | undefined {
    return this.live.get(session)?.session.who.source;
  }

  /**
   * One sample; answered through the session's output. Returns the reason when it was dropped
   * (counted here): no such session, over the rate bound, repeated, out of order, paused.
   * `arrived` (performance.now() when the transport got it) starts the answer-latency clock.
   */
  sample(
    session: string,
    seq: number,
    at: number,
    face: FaceSample | null,
    arrived = performance.now(),
  ): string | undefined {
    const receivedAt = this.now();
    const live = this.live.get(session);
    const dropped = !live
      ? "unknown"
      : !live.bucket.take(receivedAt)
        ? "rate"
        : live.session.sample(seq, at, face, receivedAt, this.limits.maxAheadMs);
    if (dropped) {
      this.metrics.samplesDropped.inc({ reason: dropped });
      return dropped;
    }
    const { source } = (live as Live).session.who;
    this.metrics.samples.inc({ source });
    this.metrics.answerSeconds.observe({ source }, (performance.now() - arrived) / 1000);
    return undefined;
  }

  pause(session: string): FocusSessionInfo {
    const s = this.get(session);
    s.pause(this.now());
    const info = s.info();
    this.announce(s.who.site, info);
    return info;
  }

  resume(session: string): FocusSessionInfo {
    const s = this.get(session);
    const now = this.now();
    if (!s.clock.paused) return s.info();
    s.resume(now);
    void this.writer.accept(focusSessionSink, s.row(now));
    const info = s.info();
    this.announce(s.who.site, info);
    return info;
  }

  /** Ends a session; resolves with its summary once its rows are stored. */
  async end(session: string, reason = "ended"): Promise<FocusSummary> {
    const s = this.get(session);
    this.live.delete(session);
    const mine = this.byUser.get(s.who.learner);
    mine?.delete(session);
    if (mine?.size === 0) this.byUser.delete(s.who.learner);
    this.metrics.sessionsLive.dec({ source: s.who.source });
    this.metrics.sessionsEnded.inc({ reason });
    const now = this.now();
    const summary = s.finish(now);
    const stored = this.writer.accept(focusSessionSink, s.row(now, summary), { urgent: true });
    this.announce(s.who.site, s.info(now));
    if (reason !== "ended") s.output.ended?.(summary, reason);
    try {
      await stored;
    } catch (err) {
      if (!(err instanceof NotStoredError)) throw err;
      this.opts.logger.error({ err, session }, "focus session's final row was not stored");
    }
    return summary;
  }

  /** The learner's new connection takes over a session (a reconnect, a second tab). */
  attach(session: string, output: FocusOutput): void {
    const s = this.get(session);
    s.output = output;
    s.detachedAt = undefined;
  }

  /** The connection behind `output` went away: the session waits `graceMs` for the learner to return. */
  detach(session: string, output: FocusOutput): void {
    const s = this.live.get(session)?.session;
    if (s && s.output === output) s.detachedAt = this.now();
  }

  /** Live sessions of a site, for a dashboard that joins it. */
  sessionsOf(site: string): FocusSessionInfo[] {
    return [...this.live.values()].filter((l) => l.session.who.site === site).map((l) => l.session.info());
  }

  /** The site's live sessions as `focusSession` events on site:join (see realtime/initial-state.ts). */
  readonly initialState: InitialStateSource = async (_db, site, _now, push) => {
    for (const info of this.sessionsOf(site)) push("focusSession", { device: info.source }, info);
  };

  /** Rows written once the queue drains (tests, and a hub that flushes before answering a report). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  private get(session: string): FocusSession {
    const live = this.live.get(session);
    if (!live) throw notFound(`focus session ${session}`);
    return live.session;
  }

  private announce(site: string, info: FocusSessionInfo): void {
    this.opts.events.emit("focusSession", { site, device: info.source, data: info });
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, { session: s }] of this.live) {
      const idle = s.clock.paused ? this.limits.pausedIdleMs : this.limits.idleMs;
      const reason =
        s.detachedAt !== undefined && now - s.detachedAt >= this.limits.graceMs
          ? "disconnected"
          : now - s.lastActivity >= idle
            ? "idle"
            : undefined;
      if (reason)
        this.end(id, reason).catch((err: unknown) =>
          this.opts.logger.error({ err, session: id }, "ending a focus session failed"),
        );
    }
  }
}
