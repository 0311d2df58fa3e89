import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import { describe, expect, it } from "vitest";
import type { RoleEvent } from "../role-module.js";
import { AttentionSessions, type SeenFace } from "./attention-sessions.js";

// Synthetic faces through the tracker-to-session mapping with the real AttentionMachine: boxes stand
// in for where a face is, samples for what the landmarks measured.
const OPEN: FaceSample = { ear: 0.3, earLeft: 0.3, earRight: 0.3, mar: 0.05, yaw: 0, pitch: 0, roll: 0 };
const CLOSED: FaceSample = { ...OPEN, ear: 0.05, earLeft: 0.05, earRight: 0.05 };
const STEP = 100;
const thresholds = { absentMs: 1_000 };

const face = (x: number, sample = OPEN): SeenFace => ({ box: [x, 100, x + 120, 250], score: 0.9, sample });

/** Frames every STEP ms from `from` up to `to` (exclusive), each with `faces`; the events they gave. */
function play(s: AttentionSessions, from: number, to: number, faces: readonly SeenFace[]): RoleEvent[] {
  const events: RoleEvent[] = [];
  for (let at = from; at < to; at += STEP) events.push(...s.observe(faces, at));
  return events;
}

const changes = (events: readonly RoleEvent[]) =>
  events.flatMap((e) => (e.kind === "attentionChange" ? [e.fields] : []));

describe("faces to focus sessions", () => {
  it("ends a session as absent once its face has been gone for the absent window", () => {
    const s = new AttentionSessions("desk", thresholds, 12);
    const seen = play(s, 0, 2_000, [face(100)]);
    const [session] = s.views();
    expect(session?.session).toMatch(/^desk-[0-9a-z]+-1$/);
    expect(session?.state).toBe("focused");
    expect(changes(seen).filter((c) => c.to === "absent")).toEqual([]);

    const gone = changes(play(s, 2_000, 4_000, []));
    expect(gone).toHaveLength(1);
    const [absent] = gone;
    expect(absent).toMatchObject({ session: session?.session, from: "focused", to: "absent", confidence: 1 });
    expect(absent).not.toHaveProperty("metrics");
    // Decided on the absent window after the last face (1.9 s), not on the first empty frame.
    expect(absent?.at).toBeGreaterThanOrEqual(1_900);
    expect(absent?.at).toBeLessThanOrEqual(3_000);
    expect(s.views()).toEqual([]);

    // Back again: nothing ties the new face to the old session.
    play(s, 4_000, 4_500, [face(100)]);
    expect(s.views()).toHaveLength(1);
    expect(s.views()[0]?.session).not.toBe(session?.session);
  });

  it("keeps the session of a face missed for less than the absent window", () => {
    const s = new AttentionSessions("desk", thresholds, 12);
    const events = [
      ...play(s, 0, 1_000, [face(100)]),
      ...play(s, 1_000, 1_500, []),
      ...play(s, 1_500, 2_500, [face(104)]),
    ];
    expect(changes(events).filter((c) => c.to === "absent")).toEqual([]);
    expect(s.views().map((v) => v.track)).toEqual([1]);
  });

  it("follows two people apart: only the one who leaves goes absent", () => {
    const s = new AttentionSessions("desk", thresholds, 12);
    play(s, 0, 1_000, [face(0), face(400)]);
    const [left, right] = s.views();
    expect(left?.session).not.toBe(right?.session);
    const events = changes(play(s, 1_000, 3_000, [face(2)]));
    expect(events.map((c) => [c.session, c.to])).toEqual([[right?.session, "absent"]]);
    expect(s.views().map((v) => v.session)).toEqual([left?.session]);
  });

  it("sends a change with the measurements that decided it, and one alert per episode", () => {
    const s = new AttentionSessions("desk", { ...thresholds, calibrationMs: 500, drowsyMs: 800 }, 12);
    play(s, 0, 1_500, [face(100)]);
    expect(s.views()[0]?.calibrated).toBe(true);
    const events = play(s, 1_500, 4_000, [face(100, CLOSED)]);
    const [drowsy] = changes(events);
    expect(drowsy).toMatchObject({ from: "focused", to: "drowsy", confidence: 0.9 });
    expect(drowsy?.metrics).toEqual({ ear: 0.05, mar: 0.05, yaw: 0, pitch: 0, roll: 0 });
    const alerts = events.flatMap((e) => (e.kind === "attentionAlert" ? [e.fields] : []));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ session: drowsy?.session, kind: "drowsy" });
  });

  it("ends every session when the camera goes down, unseen (confidence 0)", () => {
    const s = new AttentionSessions("desk", thresholds, 12);
    play(s, 0, 1_000, [face(0), face(400)]);
    const down = changes(s.endAll(1_234));
    expect(down.map((c) => [c.to, c.at, c.confidence])).toEqual([
      ["absent", 1_234, 0],
      ["absent", 1_234, 0],
    ]);
    expect(s.views()).toEqual([]);
    expect(s.endAll(2_000)).toEqual([]);
  });

  it("cuts a long camera id so the session id stays a topic-safe slug", () => {
    const s = new AttentionSessions("a".repeat(64), thresholds, 12);
    s.observe([face(0)], Date.UTC(2030, 0, 1));
    expect(s.views()[0]?.session).toMatch(/^a{40}-[0-9a-z]+-1$/);
  });
});
