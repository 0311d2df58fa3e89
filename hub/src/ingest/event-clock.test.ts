import { examples, type MessageKind, messageKinds, messages } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { EVENT_TIME_FLOOR_MS, EventClock } from "./event-clock.js";

const NOW = Date.UTC(2026, 11, 5, 12);
const MIN = 60_000;
const DAY = 86_400_000;

/** The example of `kind`, with every field in `patch` replaced. */
function msg(kind: MessageKind, patch: Record<string, unknown> = {}) {
  return { kind, message: { ...(examples[kind] as object), ...patch } } as Parameters<EventClock["check"]>[0];
}

describe("EventClock", () => {
  const clock = new EventClock({ maxSkewMs: 5 * MIN }, () => NOW);

  it("accepts times up to the allowed skew ahead of the hub, and any past time since 2020", () => {
    expect(clock.check(msg("seatChange", { ts: NOW, at: NOW + 5 * MIN, capturedAt: NOW - 1 }))).toBeNull();
    expect(clock.check(msg("gateEntry", { ts: EVENT_TIME_FLOOR_MS, at: EVENT_TIME_FLOOR_MS }))).toBeNull();
  });

  it("refuses a seat change stamped in 2099 by the field that carries it", () => {
    const at = Date.UTC(2099, 0, 1);
    expect(clock.check(msg("seatChange", { ts: NOW, at, capturedAt: NOW }))).toMatchObject({
      field: "at",
      value: at,
      direction: "future",
    });
    const capturedAt = NOW + 5 * MIN + 1;
    expect(clock.check(msg("seatChange", { ts: NOW, at: NOW, capturedAt }))).toMatchObject({
      field: "capturedAt",
      direction: "future",
      reason: "capturedAt is 300 s ahead of the hub's clock",
    });
  });

  it("refuses an unset device clock (1970) in the envelope and in nested seat times", () => {
    expect(clock.check(msg("health", { ts: 0 }))).toMatchObject({ field: "ts", direction: "past" });
    const seats = [
      { seat: "1A", state: "empty", since: NOW - DAY, confidence: 1 },
      { seat: "1B", state: "held", since: NOW + DAY, confidence: 1 },
    ];
    expect(clock.check(msg("seatSnapshot", { ts: NOW, seats }))).toMatchObject({
      field: "seats.1.since",
      direction: "future",
    });
  });

  it("checks every time field of every device-to-hub kind", () => {
    const fields: Partial<Record<MessageKind, string[]>> = {
      seatChange: ["ts", "at", "capturedAt"],
      gateEntry: ["ts", "at"],
      attentionChange: ["ts", "at"],
      attentionAlert: ["ts", "since"],
      segmentReady: ["ts", "startedAt"],
    };
    const devices = messageKinds.filter((k) => messages[k].direction === "device-to-hub");
    for (const kind of devices) {
      for (const field of fields[kind] ?? ["ts"]) {
        const verdict = clock.check(msg(kind, { [field]: NOW + DAY }));
        expect(verdict, `${kind}.${field}`).toMatchObject({ field, direction: "future" });
      }
    }
  });

  it("applies a maximum age to live events only: retained statuses restate old truths", () => {
    const aged = new EventClock({ maxSkewMs: MIN, maxAgeMs: 30 * DAY }, () => NOW);
    const old = NOW - 31 * DAY;
    expect(aged.check(msg("seatChange", { ts: NOW, at: old, capturedAt: NOW }))).toMatchObject({
      field: "at",
      direction: "past",
    });
    expect(aged.check(msg("seatChange", { ts: NOW, at: NOW - 29 * DAY, capturedAt: NOW }))).toBeNull();
    // A last will set when the device connected 31 days ago, a seat empty since then.
    expect(aged.check(msg("availability", { ts: old }))).toBeNull();
    const seats = [{ seat: "1A", state: "empty", since: old, confidence: 1 }];
    expect(aged.check(msg("seatSnapshot", { ts: NOW, seats }))).toBeNull();
  });

  it("reads the hub's clock at each check", () => {
    let now = NOW;
    const moving = new EventClock({ maxSkewMs: MIN }, () => now);
    const event = msg("gateEntry", { ts: NOW + 2 * MIN, at: NOW });
    expect(moving.check(event)).not.toBeNull();
    now += MIN;
    expect(moving.check(event)).toBeNull();
  });
});
