import { describe, expect, it } from "vitest";
import {
  HOUR_MS,
  hourOf,
  MAX_ACCOUNTED_MS,
  mergeDeltas,
  type OccupancyDelta,
  previousStateDuration,
  rollUpTransition,
  type SeatTransition,
  splitAcrossHours,
} from "./occupancy-rollup.js";

const H = Date.UTC(2025, 10, 24, 10); // 10:00 UTC
const MIN = 60_000;
const base = { siteId: "s", seatId: "1A" };

function transition(t: Partial<SeatTransition>): SeatTransition {
  return { ...base, from: "empty", to: "occupied", at: H, ...t };
}

const sum = (deltas: OccupancyDelta[], key: keyof OccupancyDelta) =>
  deltas.reduce((n, d) => n + (d[key] as number), 0);

describe("splitAcrossHours", () => {
  it("keeps an interval inside one hour whole", () => {
    expect(splitAcrossHours(H + 5 * MIN, H + 20 * MIN)).toEqual([{ hour: H, ms: 15 * MIN }]);
  });

  it("cuts at hour boundaries and loses nothing", () => {
    const pieces = splitAcrossHours(H - 30 * MIN, H + 2 * HOUR_MS + 10 * MIN);
    expect(pieces).toEqual([
      { hour: H - HOUR_MS, ms: 30 * MIN },
      { hour: H, ms: HOUR_MS },
      { hour: H + HOUR_MS, ms: HOUR_MS },
      { hour: H + 2 * HOUR_MS, ms: 10 * MIN },
    ]);
  });

  it("returns nothing for an empty interval", () => {
    expect(splitAcrossHours(H, H)).toEqual([]);
  });
});

describe("previousStateDuration", () => {
  it("uses the device's vacancy or stay when it is the only witness", () => {
    expect(previousStateDuration(transition({ from: "empty", vacancyMs: 5 * MIN }), undefined)).toBe(5 * MIN);
    expect(
      previousStateDuration(transition({ from: "occupied", to: "empty", stayMs: 7 * MIN }), undefined),
    ).toBe(7 * MIN);
  });

  it("uses the hub's record when the device gives no duration (held, unknown)", () => {
    const t = transition({ from: "held", to: "empty" });
    expect(previousStateDuration(t, { state: "held", since: H - 12 * MIN })).toBe(12 * MIN);
  });

  it("takes the smaller witness", () => {
    const t = transition({ from: "occupied", to: "empty", stayMs: 40 * MIN });
    // The device's stay includes a held spell; the hub saw the seat become occupied 10 minutes ago.
    expect(previousStateDuration(t, { state: "occupied", since: H - 10 * MIN })).toBe(10 * MIN);
    // The hub's record is stale (it missed transitions); the device's figure is smaller.
    expect(previousStateDuration(t, { state: "occupied", since: H - 3 * HOUR_MS })).toBe(40 * MIN);
  });

  it("ignores a hub record of another state or from the future", () => {
    const t = transition({ from: "held", to: "occupied" });
    expect(previousStateDuration(t, { state: "empty", since: H - MIN })).toBeUndefined();
    expect(previousStateDuration(t, { state: "held", since: H + MIN })).toBeUndefined();
  });
});

describe("rollUpTransition", () => {
  it("counts an entry and the vacancy before it", () => {
    const deltas = rollUpTransition(transition({ at: H + 10 * MIN }), 25 * MIN);
    expect(deltas).toHaveLength(2);
    const [before, current] = [deltas.find((d) => d.hour === H - HOUR_MS), deltas.find((d) => d.hour === H)];
    expect(before?.vacantMs).toBe(15 * MIN);
    expect(current?.vacantMs).toBe(10 * MIN);
    expect(current?.entries).toBe(1);
    expect(sum(deltas, "occupiedMs")).toBe(0);
  });

  it("counts a stay from stayMs when the seat stops being occupied", () => {
    const deltas = rollUpTransition(
      transition({ from: "occupied", to: "empty", stayMs: 50 * MIN }),
      30 * MIN,
    );
    expect(sum(deltas, "occupiedMs")).toBe(30 * MIN);
    expect(sum(deltas, "stays")).toBe(1);
    expect(sum(deltas, "stayMsTotal")).toBe(50 * MIN);
    expect(sum(deltas, "entries")).toBe(0);
  });

  it("leaves out a stay whose length nobody knows instead of counting it as 0 ms", () => {
    const deltas = rollUpTransition(transition({ from: "occupied", to: "held" }), undefined);
    expect(sum(deltas, "stays")).toBe(0);
    expect(sum(deltas, "stayMsTotal")).toBe(0);
    expect(sum(deltas, "heldIncidents")).toBe(1);
  });

  it("counts a held incident and the occupied time before it", () => {
    const deltas = rollUpTransition(transition({ from: "occupied", to: "held" }), 20 * MIN);
    expect(sum(deltas, "heldIncidents")).toBe(1);
    expect(sum(deltas, "occupiedMs")).toBe(20 * MIN);
    expect(sum(deltas, "stayMsTotal")).toBe(20 * MIN);
  });

  it("accounts unknown time and still counts the transition without a duration", () => {
    expect(sum(rollUpTransition(transition({ from: "unknown" }), 5 * MIN), "unknownMs")).toBe(5 * MIN);
    const blind = rollUpTransition(transition({ from: "held" }), undefined);
    expect(blind).toHaveLength(1);
    expect(blind[0]?.entries).toBe(1);
    expect(sum(blind, "heldMs")).toBe(0);
  });

  it("caps what one transition may account for", () => {
    const deltas = rollUpTransition(transition({}), 30 * 24 * HOUR_MS);
    expect(sum(deltas, "vacantMs")).toBe(MAX_ACCOUNTED_MS);
    expect(deltas.length).toBeLessThanOrEqual(MAX_ACCOUNTED_MS / HOUR_MS + 1);
  });
});

describe("mergeDeltas", () => {
  it("sums per seat and hour and sorts by key", () => {
    const a = rollUpTransition(transition({ seatId: "2B", at: H + MIN }), MIN);
    const b = rollUpTransition(
      transition({ seatId: "1A", from: "occupied", to: "empty", at: H + 2 * MIN }),
      MIN,
    );
    const c = rollUpTransition(transition({ seatId: "1A", at: H + 3 * MIN }), MIN);
    const merged = mergeDeltas([...a, ...b, ...c]);
    expect(merged.map((d) => d.seatId)).toEqual(["1A", "2B"]);
    expect(merged[0]).toMatchObject({ occupiedMs: MIN, vacantMs: MIN, entries: 1, stays: 1 });
    expect(merged[0]?.hour).toBe(hourOf(H));
  });

  it("does not mutate its input", () => {
    const [d] = rollUpTransition(transition({}), MIN);
    if (!d) throw new Error("no delta");
    mergeDeltas([d, { ...d }]);
    expect(d.vacantMs).toBe(MIN);
  });
});
