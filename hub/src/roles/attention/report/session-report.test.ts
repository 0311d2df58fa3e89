import { describe, expect, it } from "vitest";
import type { MinuteFacts, SessionFacts, StoredEvent } from "./report-types.js";
import { buildSessionReport } from "./session-report.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);

const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  id: "s1",
  startedAt: T0,
  endedAt: T0 + 30 * MIN,
  lastEventAt: T0 + 21 * MIN,
  state: "focused",
  pausedMs: 0,
  stateMs: { focused: 27 * MIN, distracted: 2 * MIN, drowsy: MIN },
  language: "en",
  learnerId: "u1",
  source: "browser",
  ...over,
});

const change = (from: string, to: string, atMin: number, durationMin: number): StoredEvent => ({
  kind: "change",
  fromState: from,
  toState: to,
  at: T0 + atMin * MIN,
  durationMs: durationMin * MIN,
});
const alert = (kind: string, at: number, durationMs: number): StoredEvent => ({
  kind: "alert",
  fromState: null,
  toState: kind,
  at,
  durationMs,
});

// 30 minutes: focused 10, distracted 2, focused 8, drowsy 1, focused 9 (the open tail to the end).
const events: StoredEvent[] = [
  change("drowsy", "focused", 21, 1),
  alert("drowsy", T0 + 20 * MIN + 1_500, 1_500),
  change("focused", "distracted", 10, 10),
  alert("distracted", T0 + 10 * MIN + 5_000, 5_000),
  change("distracted", "focused", 12, 2),
  change("focused", "drowsy", 20, 8),
];

const minute = (atMin: number, over: Partial<MinuteFacts>): MinuteFacts => ({
  minute: T0 + atMin * MIN,
  samples: 1800,
  faceSamples: 1800,
  earAvg: 0.31234,
  marAvg: 0.1,
  blinks: 0,
  stateMs: { focused: MIN },
  ...over,
});
const minutes = [
  minute(20, { blinks: 3, faceSamples: 900, stateMs: { focused: 30_000, drowsy: 30_000 } }),
  minute(0, { blinks: 15 }),
  minute(5, { stateMs: { absent: MIN }, faceSamples: 0, earAvg: null, marAvg: null }),
];

describe("buildSessionReport", () => {
  const report = buildSessionReport({ session: session(), events, minutes });

  it("builds the timeline from changes plus the open tail, in time order", () => {
    expect(report.timeline.map((s) => [s.state, (s.start - T0) / MIN, s.durationMs / MIN])).toEqual([
      ["focused", 0, 10],
      ["distracted", 10, 2],
      ["focused", 12, 8],
      ["drowsy", 20, 1],
      ["focused", 21, 9],
    ]);
    expect(report.until).toBe(T0 + 30 * MIN);
    expect(report.trackedMs).toBe(30 * MIN);
  });

  it("counts episodes, time, longest span and share per state", () => {
    expect(report.focusPct).toBe(90);
    expect(report.states.focused).toEqual({ episodes: 3, ms: 27 * MIN, longestMs: 10 * MIN, pct: 90 });
    expect(report.states.distracted).toEqual({ episodes: 1, ms: 2 * MIN, longestMs: 2 * MIN, pct: 6.67 });
    expect(report.states.drowsy.ms).toBe(MIN);
    expect(report.states.yawning).toEqual({ episodes: 0, ms: 0, longestMs: 0, pct: 0 });
  });

  it("lists alerts in time order and counts them by kind", () => {
    expect(report.alerts.map((a) => a.kind)).toEqual(["distracted", "drowsy"]);
    expect(report.alertCounts).toEqual({ drowsy: 1, yawning: 0, distracted: 1, absent: 0 });
  });

  it("rates blinks per minute of visible face, overall and per minute", () => {
    // 18 blinks over two minutes with a face; the absent minute does not dilute the rate.
    expect(report.blinks).toEqual({ total: 18, perMinute: 9 });
    expect(report.minutes.map((m) => (m.minute - T0) / MIN)).toEqual([0, 5, 20]);
    expect(report.minutes[0]).toMatchObject({ blinks: 15, blinkRate: 15, facePct: 100, focusPct: 100 });
    expect(report.minutes[1]).toMatchObject({ blinkRate: null, facePct: 0, focusPct: 0, earAvg: null });
    expect(report.minutes[2]).toMatchObject({ blinkRate: 3, facePct: 50, focusPct: 50, earAvg: 0.3123 });
    expect(report.minutes[2]?.stateMs).toEqual({
      focused: 30_000,
      drowsy: 30_000,
      yawning: 0,
      distracted: 0,
      absent: 0,
    });
  });

  it("compares the focus of the first and second half", () => {
    expect(report.halves).toEqual({ first: 86.67, second: 93.33 });
  });

  it("ends a running session's timeline at the latest stored moment", () => {
    const running = buildSessionReport({
      session: session({ endedAt: null }),
      events,
      minutes: [...minutes, minute(24, { stateMs: { focused: 20_000 } })],
    });
    expect(running.until).toBe(T0 + 24 * MIN + 20_000);
    expect(running.timeline.at(-1)).toMatchObject({ state: "focused", durationMs: 3 * MIN + 20_000 });
    expect(running.endedAt).toBeNull();
  });

  it("makes one span of a session without changes, in its stored state", () => {
    const r = buildSessionReport({
      session: session({ state: "absent", stateMs: { absent: 30 * MIN } }),
      events: [],
      minutes: [],
    });
    expect(r.timeline).toEqual([{ state: "absent", start: T0, end: T0 + 30 * MIN, durationMs: 30 * MIN }]);
    expect(r.focusPct).toBe(0);
    expect(r.blinks).toEqual({ total: 0, perMinute: null });
  });

  it("never counts a moment twice when changes overlap", () => {
    const r = buildSessionReport({
      session: session({ endedAt: T0 + 10 * MIN, stateMs: { focused: 9 * MIN, distracted: 3 * MIN } }),
      events: [change("focused", "distracted", 5, 5), change("distracted", "focused", 6, 3)],
      minutes: [],
    });
    expect(r.trackedMs).toBe(10 * MIN);
    expect(r.timeline.map((s) => [s.state, s.durationMs / MIN])).toEqual([
      ["focused", 5],
      ["distracted", 1],
      ["focused", 4],
    ]);
  });

  it("ends an ended learner session's last state at its stored total, leaving out a pause", () => {
    // Paused for 5 of the last 9 minutes: the final totals hold 4 more focused minutes, not 9.
    const stateMs = { focused: 22 * MIN, distracted: 2 * MIN, drowsy: MIN };
    const r = buildSessionReport({ session: session({ stateMs, pausedMs: 5 * MIN }), events, minutes: [] });
    expect(r.timeline.at(-1)).toEqual({
      state: "focused",
      start: T0 + 21 * MIN,
      end: T0 + 25 * MIN,
      durationMs: 4 * MIN,
    });
    expect(r.trackedMs).toBe(25 * MIN);
    expect(r.focusPct).toBe(88);
    expect(r.pausedMs).toBe(5 * MIN);
  });

  it("tracks nothing for a learner session that ended without samples", () => {
    const r = buildSessionReport({ session: session({ stateMs: {} }), events: [], minutes: [] });
    expect(r.timeline).toEqual([]);
    expect(r.focusPct).toBeNull();
    expect(r.halves).toEqual({ first: null, second: null });
  });

  it("runs an edge session's last state to its end: edge rows hold no final totals", () => {
    const r = buildSessionReport({
      session: session({ source: "edge", learnerId: null, stateMs: { focused: 18 * MIN } }),
      events,
      minutes: [],
    });
    expect(r.timeline.at(-1)?.durationMs).toBe(9 * MIN);
  });
});
