import type { FocusStarted, FocusSummary } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionEvents, attentionMinutes, attentionSessions } from "../../../db/schema/index.js";
import { alertText } from "./alert-texts.js";
import {
  call,
  closed,
  type FocusFixture,
  ok,
  open,
  sendSamples,
  startFocusHub,
} from "./focus.test-support.js";

// Samples carry capture times that run ahead of the wall clock (seconds of a session sent at once),
// so these sessions get no rate or clock bound; focus-limits.integration.test.ts tests the bounds.
let fx: FocusFixture;

beforeAll(async () => {
  fx = await startFocusHub({ samplesPerSecond: 1e6, burst: 1e6, maxAheadMs: 1e9, graceMs: 300, sweepMs: 50 });
});
afterAll(() => fx?.close());

const rowsOf = async (session: string) => {
  const { db } = fx.hub.parts.database;
  const where = (t: typeof attentionEvents | typeof attentionMinutes) =>
    and(eq(t.siteId, "site-a"), eq(t.sessionId, session));
  const [row] = await db
    .select()
    .from(attentionSessions)
    .where(and(eq(attentionSessions.siteId, "site-a"), eq(attentionSessions.id, session)));
  return {
    row,
    events: await db
      .select()
      .from(attentionEvents)
      .where(where(attentionEvents))
      .orderBy(attentionEvents.at, attentionEvents.id),
    minutes: await db.select().from(attentionMinutes).where(where(attentionMinutes)),
  };
};

describe("live focus sessions over Socket.IO", () => {
  it("answers the learner alone, alerts in their language, shows the session to the site and stores it", async () => {
    const manager = await fx.connect(fx.tokens.manager);
    await ok(manager.socket, "site:join", { site: "site-a" });
    const learner = await fx.connect(fx.tokens.learner);
    const started = await ok<FocusStarted>(learner.socket, "focus:start", {
      site: "site-a",
      source: "browser",
      language: "ko",
    });
    expect(started.thresholds.drowsyMs).toBeGreaterThan(0);
    const { session } = started;
    // Calibrate on open eyes, close them past the drowsy window, open them again.
    const sent = sendSamples(
      learner.socket,
      session,
      [
        [open, 4],
        [closed, 2],
        [open, 2],
      ],
      {
        seq: 0,
        at: Date.now() - 60_000,
      },
    );
    await eventually("every sample answered", () => learner.seen.states.length === sent.seq, 10_000, 20);
    expect(learner.seen.states.map((s) => s.seq)).toEqual([...Array(sent.seq).keys()]);
    const states = learner.seen.states.map((s) => s.state);
    expect(states).toContain("drowsy");
    expect(states.at(-1)).toBe("focused");
    expect(learner.seen.alerts).toMatchObject([
      { session, kind: "drowsy", message: alertText("drowsy", "ko") },
    ]);

    const live = await eventually("the site sees the change back", () =>
      manager.seen.sessions.filter((s) => s.session === session).length >= 3 ? manager.seen.sessions : false,
    );
    expect(live.map((s) => s.state)).toEqual(["focused", "drowsy", "focused"]);
    expect(live[0]).toMatchObject({ learner: fx.userIds.learner, source: "browser", paused: false });
    // Answers and alerts are the learner's own: another user in the same site's room gets none.
    expect(manager.seen.states).toEqual([]);
    expect(manager.seen.alerts).toEqual([]);

    const summary = await ok<FocusSummary>(learner.socket, "focus:end", { session });
    expect(summary).toMatchObject({ session, samples: sent.seq, alerts: 1 });
    expect(summary.stateMs.drowsy).toBeGreaterThan(0);
    expect(summary.focusPct).toBeGreaterThan(50);
    await eventually("the end reaches the site", () => manager.seen.sessions.at(-1)?.endedAt !== undefined);

    const stored = await rowsOf(session);
    expect(stored.row).toMatchObject({
      source: "browser",
      learnerId: fx.userIds.learner,
      language: "ko",
      deviceId: null,
      state: "focused",
      alerts: 1,
    });
    expect(stored.row?.endedAt).not.toBeNull();
    expect(stored.row?.stateMs).toEqual(summary.stateMs);
    expect(stored.events.map((e) => [e.kind, e.fromState, e.toState])).toEqual([
      ["change", "focused", "drowsy"],
      ["alert", null, "drowsy"],
      ["change", "drowsy", "focused"],
    ]);
    expect(stored.minutes.reduce((n, m) => n + m.samples, 0)).toBe(sent.seq);
    expect(stored.minutes.reduce((n, m) => n + m.faceSamples, 0)).toBe(sent.seq);
    const tracked = stored.minutes.reduce((n, m) => n + (m.stateMs.drowsy ?? 0), 0);
    expect(tracked).toBeGreaterThan(500);
    // 6 s of open eyes (0.3) and 2 s closed (0.05), over however many minutes the session touched.
    const earSum = stored.minutes.reduce((n, m) => n + (m.earAvg ?? 0) * m.faceSamples, 0);
    expect(earSum / sent.seq).toBeCloseTo(0.2375, 2);
  });

  it("pauses and resumes: samples in between are dropped, paused time is kept apart", async () => {
    const manager = await fx.connect(fx.tokens.manager);
    await ok(manager.socket, "site:join", { site: "site-a" });
    const learner = await fx.connect(fx.tokens.learner);
    const { session } = await ok<FocusStarted>(learner.socket, "focus:start", {
      site: "site-a",
      source: "browser",
    });
    let next = sendSamples(learner.socket, session, [[open, 1]], { seq: 0, at: Date.now() - 60_000 });
    await eventually("answered", () => learner.seen.states.length === 30, 5_000, 20);
    await ok(learner.socket, "focus:pause", { session });
    const droppedBefore = (await fx.hub.parts.roles.attention.focus.metrics.samplesDropped.get()).values.find(
      (v) => v.labels.reason === "paused",
    );
    next = sendSamples(learner.socket, session, [[open, 0.5]], next);
    await new Promise((r) => setTimeout(r, 300));
    const dropped = (await fx.hub.parts.roles.attention.focus.metrics.samplesDropped.get()).values.find(
      (v) => v.labels.reason === "paused",
    );
    expect((dropped?.value ?? 0) - (droppedBefore?.value ?? 0)).toBe(15);
    expect(learner.seen.states.length).toBe(30);
    await ok(learner.socket, "focus:resume", { session });
    sendSamples(learner.socket, session, [[open, 1]], next);
    await eventually("answered after resume", () => learner.seen.states.length === 60, 5_000, 20);
    const summary = await ok<FocusSummary>(learner.socket, "focus:end", { session });
    expect(summary.pausedMs).toBeGreaterThanOrEqual(300);
    expect(summary.samples).toBe(60);
    const seen = await eventually("the end reaches the site", () => {
      const mine = manager.seen.sessions.filter((s) => s.session === session);
      return mine.at(-1)?.endedAt !== undefined && mine;
    });
    expect(seen.map((s) => s.paused)).toEqual([false, true, false, false]);
    expect((await rowsOf(session)).row?.pausedMs).toBe(summary.pausedMs);
  });

  it("refuses bad and foreign requests through the acknowledgement and counts them", async () => {
    const learner = await fx.connect(fx.tokens.learner);
    const outsider = await fx.connect(fx.tokens.outsider);
    const code = async (socket: typeof learner.socket, event: string, req: unknown) => {
      const ack = await call(socket, event, req);
      return ack.ok ? "ok" : ack.error.code;
    };
    expect(await code(learner.socket, "focus:start", { site: "../a", source: "browser" })).toBe(
      "VALIDATION_FAILED",
    );
    expect(await code(learner.socket, "focus:start", { site: "site-a", source: "tv" })).toBe(
      "VALIDATION_FAILED",
    );
    expect(await code(learner.socket, "focus:start", { site: "site-b", source: "browser" })).toBe(
      "FORBIDDEN",
    );
    expect(await code(learner.socket, "focus:start", { site: "nowhere", source: "browser" })).toBe(
      "FORBIDDEN",
    );
    expect(await code(learner.socket, "focus:pause", { session: "no-such-session" })).toBe("NOT_FOUND");
    const { session } = await ok<FocusStarted>(learner.socket, "focus:start", {
      site: "site-a",
      source: "frames",
    });
    // Someone else's session is not theirs to drive, or even to know of.
    expect(await code(outsider.socket, "focus:end", { session })).toBe("NOT_FOUND");
    outsider.socket.emit("focus:sample", { session, seq: 0, at: Date.now(), face: open });
    learner.socket.emit("focus:sample", { session, seq: 0, at: Date.now(), face: { ...open, ear: 5 } });
    learner.socket.emit("focus:sample", { session, seq: 1, at: Date.now(), face: open });
    await eventually("the valid sample answered", () => learner.seen.states.length === 1, 5_000, 20);
    expect(outsider.seen.states).toEqual([]);
    const rejected = await fx.hub.parts.roles.attention.focus.metrics.requestsRejected.get();
    const count = (event: string, c: string) =>
      rejected.values.find((v) => v.labels.event === event && v.labels.code === c)?.value;
    expect(count("focus:start", "VALIDATION_FAILED")).toBe(2);
    expect(count("focus:sample", "VALIDATION_FAILED")).toBe(1);
    expect(count("focus:end", "NOT_FOUND")).toBe(1);
    // Three sessions per learner at once.
    await ok(learner.socket, "focus:start", { site: "site-a", source: "browser" });
    await ok(learner.socket, "focus:start", { site: "site-a", source: "browser" });
    expect(await code(learner.socket, "focus:start", { site: "site-a", source: "browser" })).toBe(
      "RATE_LIMITED",
    );
    for (const info of fx.hub.parts.roles.attention.focus.sessionsOf("site-a"))
      await fx.hub.parts.roles.attention.focus.end(info.session);
  });

  it("gives a joining dashboard the live sessions; a reconnect takes its session over, a lost learner ends", async () => {
    const first = await fx.connect(fx.tokens.learner);
    const { session } = await ok<FocusStarted>(first.socket, "focus:start", {
      site: "site-a",
      source: "browser",
    });
    const manager = await fx.connect(fx.tokens.manager);
    await ok(manager.socket, "site:join", { site: "site-a" });
    await eventually("the live session on join", () =>
      manager.seen.sessions.some((s) => s.session === session),
    );

    first.socket.disconnect();
    const again = await fx.connect(fx.tokens.learner);
    again.socket.emit("focus:sample", { session, seq: 0, at: Date.now(), face: open });
    await eventually("answered on the new connection", () => again.seen.states.length === 1, 5_000, 20);
    await new Promise((r) => setTimeout(r, 500));
    expect(fx.hub.parts.roles.attention.focus.ownerOf(session)).toBe(fx.userIds.learner);

    again.socket.disconnect();
    const ended = await eventually("ended after the grace period", () =>
      manager.seen.sessions.find((s) => s.session === session && s.endedAt !== undefined),
    );
    expect(ended.endedAt).toBeDefined();
    expect(fx.hub.parts.roles.attention.focus.ownerOf(session)).toBeUndefined();
    const { row } = await eventually("the row closed", async () => {
      const r = await rowsOf(session);
      return r.row?.endedAt ? r : false;
    });
    expect(row).toMatchObject({ source: "browser", state: "focused" });
  });
});
