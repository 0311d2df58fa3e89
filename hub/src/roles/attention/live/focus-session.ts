import type {
  AttentionState,
  FocusAlert,
  FocusSessionInfo,
  FocusState,
  FocusSummary,
} from "@sitewatch/shared-protocol";
import {
  AttentionMachine,
  type AttentionThresholds,
  type AttentionUpdate,
  type FaceSample,
} from "@sitewatch/shared-protocol/attention";
import type { AttentionRow } from "../attention-sinks.js";
import { alertText } from "./alert-texts.js";
import type { SessionRow } from "./focus-sinks.js";
import { MinuteFigures, minuteOf } from "./minute-figures.js";
import { SessionClock } from "./session-clock.js";
import { alertRow, changeRow, type SessionIdentity } from "./session-rows.js";

/** Where a session's answers go: the learner's own connection (a Socket.IO socket, a frame socket). */
export interface FocusOutput {
  state(message: FocusState): void;
  alert(message: FocusAlert): void;
  /** The hub ended the session by itself (idle, disconnected, shutdown), not on the learner's request. */
  ended?(summary: FocusSummary, reason: string): void;
}

/** What a session hands to its owner for storage and for the site's dashboards. */
export interface SessionEffects {
  event(row: AttentionRow): void;
  minute(figures: MinuteFigures): void;
  live(info: FocusSessionInfo): void;
}

// A gap longer than this between two samples (a stalled tab, a dropped connection) is not tracked time.
const MAX_TRACKED_GAP_MS = 2_000;

/** One learner's running session: its attention machine, clocks and figures; it does no I/O itself. */
export class FocusSession {
  readonly clock = new SessionClock();
  output: FocusOutput;
  /** Hub time of the last sample or request; the idle timeout counts from here. */
  lastActivity: number;
  /** When the owner's connection went away (hub time); the session waits a grace period for it. */
  detachedAt: number | undefined;
  private readonly machine: AttentionMachine;
  private lastSeq = -1;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastTracked: number | undefined;
  private minute: MinuteFigures | undefined;
  private readonly stateMs: Partial<Record<AttentionState, number>> = {};
  private samples = 0;
  private alerts = 0;

  constructor(
    readonly who: SessionIdentity,
    readonly thresholds: AttentionThresholds,
    output: FocusOutput,
    private readonly effects: SessionEffects,
  ) {
    this.machine = new AttentionMachine(thresholds);
    this.output = output;
    this.lastActivity = who.startedAt;
  }

  /**
   * Runs one sample through the machine and answers it; returns why it was dropped instead, if it was.
   * Synchronous and allocation-light: 1,500 of these a second is the expected load of one hub.
   */
  sample(
    seq: number,
    at: number,
    face: FaceSample | null,
    receivedAt: number,
    maxAheadMs: number,
  ): string | undefined {
    if (this.clock.paused) return "paused";
    if (seq <= this.lastSeq) return "duplicate";
    if (at < this.lastAt) return "order";
    this.clock.observe(at, receivedAt);
    // A learner clock that jumps ahead would make the machine see seconds that did not pass.
    if (this.clock.aheadBy(at, receivedAt) > maxAheadMs) return "clock";
    this.lastSeq = seq;
    this.lastAt = at;
    this.lastActivity = receivedAt;
    this.detachedAt = undefined;
    const previous = this.machine.state;
    const tracked = Math.max(this.lastTracked ?? 0, this.clock.toTracked(at));
    const gap = this.lastTracked === undefined ? 0 : tracked - this.lastTracked;
    this.lastTracked = tracked;
    const update = this.machine.push({ at: tracked, face });
    this.samples += 1;

    const minute = this.minuteAt(this.clock.toHub(at));
    minute.add(face);
    if (gap <= MAX_TRACKED_GAP_MS) minute.track(previous, gap);
    if (update.blink) minute.blinks += 1;
    if (update.changed) this.changed(update.changed, seq, face);
    if (update.alert) this.alerted(update.alert, seq);
    this.output.state({
      session: this.who.id,
      seq,
      state: update.state,
      since: Math.max(0, Math.round(this.clock.toLearner(this.machine.since))),
      blinks: this.machine.blinks,
      calibrated: update.calibrated,
      at,
    });
    return undefined;
  }

  private minuteAt(hubAt: number): MinuteFigures {
    const start = minuteOf(hubAt);
    if (this.minute && this.minute.minute === start) return this.minute;
    if (this.minute) this.effects.minute(this.minute);
    this.minute = new MinuteFigures(start);
    return this.minute;
  }

  private changed(c: NonNullable<AttentionUpdate["changed"]>, seq: number, face: FaceSample | null): void {
    this.stateMs[c.from] = (this.stateMs[c.from] ?? 0) + c.durationMs;
    this.effects.event(changeRow(this.who, Math.round(this.clock.hubOf(c.at)), c, seq, face));
    this.effects.live(this.info());
  }

  private alerted(a: NonNullable<AttentionUpdate["alert"]>, seq: number): void {
    this.alerts += 1;
    const since = Math.round(this.clock.toLearner(a.since));
    const durationMs = Math.round(a.durationMs);
    this.output.alert({
      session: this.who.id,
      kind: a.kind,
      since,
      durationMs,
      message: alertText(a.kind, this.who.language),
    });
    const at = Math.round(this.clock.toHub(since) + durationMs);
    this.effects.event(alertRow(this.who, at, a.kind, durationMs, seq));
  }

  /** The session as the site's dashboards see it (hub clock). */
  info(endedAt?: number): FocusSessionInfo {
    const since =
      this.lastTracked === undefined ? this.who.startedAt : Math.round(this.clock.hubOf(this.machine.since));
    return {
      session: this.who.id,
      learner: this.who.learner,
      source: this.who.source,
      state: this.machine.state,
      since: Math.max(this.who.startedAt, since),
      startedAt: this.who.startedAt,
      ...(endedAt === undefined ? {} : { endedAt }),
      paused: this.clock.paused,
    };
  }

  pause(now: number): void {
    if (this.clock.paused) return;
    this.clock.pause(now);
    this.lastActivity = now;
    // The minute so far is written now: a pause may last past the minute, or the session may end in it.
    if (this.minute) this.effects.minute(this.minute);
  }

  resume(now: number): void {
    if (!this.clock.paused) return;
    this.clock.resume(now, this.lastTracked ?? 0);
    this.lastActivity = now;
  }

  /** Closes the books: the final minute and the time in the last state. */
  finish(now: number): FocusSummary {
    this.clock.resume(now, this.lastTracked ?? 0);
    if (this.minute) this.effects.minute(this.minute);
    const stateMs: Partial<Record<AttentionState, number>> = { ...this.stateMs };
    if (this.lastTracked !== undefined) {
      const last = Math.max(0, Math.round(this.lastTracked - this.machine.since));
      stateMs[this.machine.state] = (stateMs[this.machine.state] ?? 0) + last;
    }
    for (const k of Object.keys(stateMs) as AttentionState[]) stateMs[k] = Math.round(stateMs[k] ?? 0);
    const activeMs = Object.values(stateMs).reduce((a, b) => a + (b ?? 0), 0);
    return {
      session: this.who.id,
      startedAt: this.who.startedAt,
      endedAt: now,
      activeMs,
      pausedMs: Math.round(this.clock.pausedMs(now)),
      samples: this.samples,
      stateMs,
      focusPct: activeMs > 0 ? Math.round(((stateMs.focused ?? 0) / activeMs) * 1000) / 10 : null,
      alerts: this.alerts,
      blinks: this.machine.blinks,
    };
  }

  /** The attention_sessions row as it stands; with `summary`, the final one. */
  row(now: number, summary?: FocusSummary): SessionRow {
    return {
      siteId: this.who.site,
      id: this.who.id,
      source: this.who.source,
      learnerId: this.who.learner,
      language: this.who.language ?? null,
      startedAt: this.who.startedAt,
      lastEventAt: Math.max(this.who.startedAt, now),
      endedAt: summary ? summary.endedAt : null,
      state: this.machine.state,
      pausedMs: Math.round(this.clock.pausedMs(now)),
      stateMs: summary ? (summary.stateMs as Record<string, number>) : null,
      alerts: summary ? summary.alerts : null,
    };
  }
}
