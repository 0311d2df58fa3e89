import { seatChangeSchema, uuidv7 } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SeatObservation } from "./seat-observation.js";
import { DEFAULT_SEAT_OPTIONS } from "./seat-options.js";
import { SeatTracker, type SeatTransition } from "./seat-tracker.js";

const MIN = 60_000;
const person: SeatObservation = {
  persons: 1,
  personScore: 0.9,
  objects: [],
  objectScore: 0,
  nearScore: 0,
  leftBehind: false,
};
const bag: SeatObservation = {
  ...person,
  persons: 0,
  personScore: 0,
  objects: ["backpack"],
  objectScore: 0.7,
};
const clear: SeatObservation = { ...person, persons: 0, personScore: 0 };

/** Feeds `obs` every `step` ms over [from, to) and returns the transitions with the time they came out. */
function feed(t: SeatTracker, obs: SeatObservation, from: number, to: number, step = 3_000) {
  const out: { now: number; change: SeatTransition }[] = [];
  for (let now = from; now < to; now += step) {
    const change = t.observe(obs, now);
    if (change) out.push({ now, change });
  }
  return out;
}

function tracker(now = 0) {
  return new SeatTracker("1A", DEFAULT_SEAT_OPTIONS, now);
}

describe("SeatTracker", () => {
  it("resolves unknown, then occupies and frees the seat, back-dated, with vacancy and stay", () => {
    const t = tracker();
    const first = feed(t, clear, 0, 30_000);
    expect(first.map((e) => [e.now, e.change.from, e.change.to, e.change.at])).toEqual([
      [6_000, "unknown", "empty", 0],
    ]);
    const entry = feed(t, person, 30_000, 100_000);
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      now: 36_000,
      change: { from: "empty", to: "occupied", at: 30_000, vacancyMs: 30_000 },
    });
    expect(entry[0]?.change.confidence).toBeCloseTo(0.9);
    const exit = feed(t, clear, 100_000, 200_000);
    expect(exit).toHaveLength(1);
    expect(exit[0]).toMatchObject({
      now: 130_000,
      change: { from: "occupied", to: "empty", at: 100_000, stayMs: 70_000 },
    });
    expect(t.status()).toEqual({ seat: "1A", state: "empty", since: 100_000, confidence: 1 });
  });

  it("does not flap when the detector keeps missing a seated person", () => {
    const t = tracker();
    const events: SeatTransition[] = [];
    for (let i = 0; i < 600; i++) {
      const c = t.observe(i % 2 === 0 || i % 7 === 3 ? person : clear, i * 3_000);
      if (c) events.push(c);
    }
    expect(events.map((e) => e.to)).toEqual(["occupied"]);
    expect(events[0]?.at).toBe(0);
  });

  it("never occupies a seat for a passer-by seen in single frames", () => {
    const t = tracker();
    const events: SeatTransition[] = [];
    for (let i = 0; i < 200; i++) {
      const c = t.observe(i % 4 === 0 ? person : clear, i * 3_000);
      if (c) events.push(c);
    }
    expect(events.map((e) => e.to)).toEqual(["empty"]);
  });

  it("turns held exactly heldAfterMs after the person left a bag, not before", () => {
    const t = tracker();
    feed(t, person, 0, 60_000);
    expect(t.state).toBe("occupied");
    const left = 60_000;
    expect(feed(t, bag, left, left + 10 * MIN)).toEqual([]);
    expect(t.observe(bag, left + 10 * MIN - 1)).toBeNull();
    const held = t.observe(bag, left + 10 * MIN);
    expect(held).toMatchObject({ from: "occupied", to: "held", at: left + 10 * MIN, stayMs: left });
    expect(held?.evidence).toEqual({ persons: 0, objects: ["backpack"] });
    // The bag is taken away: empty after the exit debounce, back-dated to the first clear frame.
    const gone = left + 20 * MIN;
    expect(feed(t, bag, left + 10 * MIN + 1, gone)).toEqual([]);
    const freed = feed(t, clear, gone, gone + MIN);
    expect(freed.map((e) => [e.change.to, e.change.at, e.change.stayMs])).toEqual([
      ["empty", gone, undefined],
    ]);
  });

  it("frees an occupied seat after the exit debounce when nothing was left behind", () => {
    const t = tracker();
    feed(t, person, 0, 60_000);
    const out = feed(t, clear, 60_000, 120_000, 1_000);
    expect(out.map((e) => [e.now, e.change.to, e.change.stayMs])).toEqual([[90_000, "empty", 60_000]]);
  });

  it("holds an empty seat when a bag sits there alone, counting from its first sighting", () => {
    const t = tracker();
    feed(t, clear, 0, 60_000);
    const out = feed(t, bag, 60_000, 60_000 + 11 * MIN);
    expect(out.map((e) => [e.change.from, e.change.to, e.change.at, e.change.vacancyMs])).toEqual([
      ["empty", "held", 60_000 + 10 * MIN, 60_000 + 10 * MIN],
    ]);
    const back = feed(t, person, 20 * MIN, 21 * MIN);
    expect(back.map((e) => [e.change.from, e.change.to, e.change.at])).toEqual([
      ["held", "occupied", 20 * MIN],
    ]);
  });

  it("goes unknown when the camera is down and re-evaluates after recovery", () => {
    const t = tracker();
    feed(t, person, 0, 60_000);
    const down = t.cameraDown(70_000);
    expect(down).toMatchObject({ from: "occupied", to: "unknown", at: 70_000, confidence: 1 });
    expect(down?.stayMs).toBeUndefined();
    expect(t.cameraDown(80_000)).toBeNull();
    // Back after 15 s with the person still there: occupied again, and the stay keeps counting.
    const back = feed(t, person, 85_000, 120_000);
    expect(back.map((e) => [e.change.from, e.change.to, e.change.at])).toEqual([
      ["unknown", "occupied", 85_000],
    ]);
    const exit = feed(t, clear, 120_000, 200_000);
    expect(exit[0]?.change.stayMs).toBe(120_000);
    // A long outage after which the seat is found empty.
    t.cameraDown(300_000);
    const later = feed(t, clear, 900_000, 960_000);
    expect(later.map((e) => [e.now, e.change.from, e.change.to, e.change.at])).toEqual([
      [906_000, "unknown", "empty", 900_000],
    ]);
  });

  it("returns to held after an outage when the belongings are still there", () => {
    const t = tracker();
    feed(t, bag, 0, 11 * MIN);
    expect(t.state).toBe("held");
    t.cameraDown(11 * MIN);
    const out = feed(t, bag, 12 * MIN, 13 * MIN);
    expect(out.map((e) => [e.change.from, e.change.to])).toEqual([["unknown", "held"]]);
  });

  const step = fc.record({
    dt: fc.integer({ min: 1, max: 120_000 }),
    kind: fc.constantFrom("person", "bag", "clear", "down"),
  });

  it("property: events chain, stay in order, carry valid durations and match the snapshot", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const t = tracker();
        let now = 0;
        let state = "unknown";
        let lastAt = 0;
        for (const s of steps) {
          now += s.dt;
          const c = s.kind === "down" ? t.cameraDown(now) : t.observe({ person, bag, clear }[s.kind], now);
          if (!c) continue;
          expect(c.from).toBe(state);
          expect(c.at).toBeGreaterThanOrEqual(lastAt);
          expect(c.at).toBeLessThanOrEqual(now);
          const parsed = seatChangeSchema.safeParse({ v: 1, id: uuidv7(now), seq: 1, ts: now, ...c });
          expect(parsed.success, JSON.stringify(c)).toBe(true);
          state = c.to;
          lastAt = c.at;
        }
        expect(t.status().state).toBe(state);
      }),
      { numRuns: 200 },
    );
  });

  it("property: a person never missed for the exit debounce keeps the seat occupied", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 500, max: 5_000 }), seen: fc.boolean() })),
        (steps) => {
          const t = tracker();
          feed(t, person, 0, 9_000);
          expect(t.state).toBe("occupied");
          let now = 9_000;
          let lastSeen = 6_000;
          for (const s of steps) {
            now += s.dt;
            const seen = s.seen || now - lastSeen > 25_000;
            if (seen) lastSeen = now;
            expect(t.observe(seen ? person : clear, now)).toBeNull();
          }
        },
      ),
    );
  });
});
