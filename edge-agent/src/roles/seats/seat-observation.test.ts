import { describe, expect, it } from "vitest";
import type { Vec } from "../../analysis/geometry.js";
import { claimPersons, detectionsInSeat, withBaseline } from "./seat-observation.js";
import { DEFAULT_SEAT_OPTIONS } from "./seat-options.js";

// Concave seat: a "U" whose notch (x 40..60, y 0..60) belongs to the neighbouring desk.
const U: Vec[] = [
  [0, 0],
  [40, 0],
  [40, 60],
  [60, 60],
  [60, 0],
  [100, 0],
  [100, 100],
  [0, 100],
];
const opts = DEFAULT_SEAT_OPTIONS;
const det = (label: string, score: number, box: [number, number, number, number]) => ({ label, score, box });

describe("detectionsInSeat", () => {
  it("counts a person whose bottom-centre is in the seat, even if the box mostly is not", () => {
    const r = detectionsInSeat(U, [det("person", 0.8, [0, -300, 40, 50])], opts);
    expect(r).toMatchObject({ persons: 1, personScore: 0.8, objects: [] });
  });

  it("does not count a person standing in the concave notch", () => {
    const r = detectionsInSeat(U, [det("person", 0.9, [42, -200, 58, 55])], opts);
    expect(r.persons).toBe(0);
    expect(r.nearScore).toBe(0);
    const brushing = detectionsInSeat(U, [det("person", 0.9, [35, -100, 58, 55])], opts);
    expect(brushing.persons).toBe(0);
    expect(brushing.nearScore).toBeGreaterThan(0);
  });

  it("counts a large person box that covers most of the seat although its feet are outside", () => {
    const r = detectionsInSeat(U, [det("person", 0.7, [-20, -20, 120, 140])], opts);
    expect(r.persons).toBe(1);
  });

  it("collects belongings by class and overlap, ignoring weak, foreign and unlisted detections", () => {
    const r = detectionsInSeat(
      U,
      [
        det("laptop", 0.6, [10, 70, 30, 90]),
        det("backpack", 0.5, [70, 70, 90, 95]),
        det("laptop", 0.9, [70, 10, 90, 30]),
        det("cup", 0.1, [10, 10, 20, 20]),
        det("handbag", 0.8, [95, 95, 140, 140]),
        det("car", 0.99, [0, 0, 100, 100]),
      ],
      opts,
    );
    expect(r.objects).toEqual(["backpack", "laptop"]);
    expect(r.objectScore).toBe(0.9);
    expect(r.persons).toBe(0);
    expect(r.nearScore).toBeGreaterThan(0);
    expect(
      detectionsInSeat(U, [det("cup", 0.9, [10, 10, 20, 20])], { ...opts, objectClasses: ["book"] }).objects,
    ).toEqual([]);
  });
});

describe("withBaseline", () => {
  const nothing = detectionsInSeat(U, [], opts);
  it("reports something left behind only for a large unexplained difference", () => {
    expect(withBaseline(nothing, undefined, 0.2)).toEqual({ ...nothing, leftBehind: false });
    expect(withBaseline(nothing, 0.1, 0.2).leftBehind).toBe(false);
    expect(withBaseline(nothing, 0.5, 0.2)).toMatchObject({ baselineDiff: 0.5, leftBehind: true });
    const withBag = detectionsInSeat(U, [det("book", 0.9, [10, 70, 30, 90])], opts);
    expect(withBaseline(withBag, 0.5, 0.2).leftBehind).toBe(false);
  });
});

describe("claimPersons", () => {
  const left: Vec[] = [
    [0, 0],
    [100, 0],
    [100, 100],
    [0, 100],
  ];
  const right: Vec[] = left.map(([x, y]) => [x + 100, y] as const);
  const seats = new Map([
    ["L", left],
    ["R", right],
  ]);

  it("gives a person leaning across two seats to the one holding their bottom-centre", () => {
    const leaning = det("person", 0.9, [60, 0, 180, 90]);
    const bag = det("backpack", 0.7, [90, 50, 110, 70]);
    const claims = claimPersons(seats, [leaning, bag], opts);
    expect(claims.get("R")).toEqual([leaning, bag]);
    expect(claims.get("L")).toEqual([bag]);
    expect(detectionsInSeat(left, claims.get("L") ?? [], opts).persons).toBe(0);
  });

  it("lets a person who fits no seat count as near evidence everywhere", () => {
    const passer = det("person", 0.9, [90, 120, 110, 200]);
    const claims = claimPersons(seats, [passer], opts);
    expect(claims.get("L")).toEqual([passer]);
    expect(claims.get("R")).toEqual([passer]);
  });
});
