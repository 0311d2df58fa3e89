import { describe, expect, it } from "vitest";
import type { Detection } from "../../../vision/detect/detector.js";
import type { Box } from "../../../vision/image/resize.js";
import { safetyScore } from "./analysis-provider.js";
import { CrowdingRule } from "./crowding-rule.js";
import { LeftObjectRule } from "./left-object-rule.js";
import type { SceneSample } from "./scene-sample.js";
import { ZoneOccupancy } from "./zone-occupancy.js";

const det = (label: string, box: Box): Detection => ({ label, classId: 0, score: 0.9, box });
const person = (x: number, y: number): Detection => det("person", [x - 10, y - 60, x + 10, y]);
const sample = (seconds: number, persons: Detection[], objects: Detection[] = []): SceneSample => ({
  offsetMs: seconds * 1000,
  width: 100,
  height: 100,
  persons,
  objects,
});
const crowd = (n: number) => Array.from({ length: n }, (_, i) => person(10 + i * 5, 80));

describe("zone occupancy", () => {
  it("counts persons per sample and person-seconds by where their feet are", () => {
    const left = {
      name: "left",
      polygon: [
        [0, 0],
        [0.5, 0],
        [0.5, 1],
        [0, 1],
      ] as [number, number][],
    };
    const corner = {
      name: "corner",
      polygon: [
        [0.9, 0],
        [1, 0],
        [1, 0.1],
        [0.9, 0.1],
      ] as [number, number][],
    };
    const occupancy = new ZoneOccupancy([left, corner], 2000);
    occupancy.observe(sample(0, [person(20, 90), person(80, 90)]));
    // A keyframe a little late: the first sample stands for the 2.5 s until this one.
    occupancy.observe(sample(2.5, [person(20, 90), person(30, 50)]));
    occupancy.observe(sample(4.5, []));
    expect(occupancy.personCounts.map((p) => p.count)).toEqual([2, 2, 0]);
    expect(occupancy.finish()).toEqual([
      { zone: "left", dwellSeconds: 1 * 2.5 + 2 * 2, maxPersons: 2 },
      { zone: "corner", dwellSeconds: 0, maxPersons: 0 },
    ]);
  });
});

describe("crowding rule", () => {
  it("reports a crowded period once, dated at its start, after it lasted long enough", () => {
    const rule = new CrowdingRule({ minPersons: 5, minSeconds: 4 });
    const fired = [0, 2, 4, 6, 8, 10, 12].map((t) =>
      rule.observe(sample(t, crowd(t >= 2 && t <= 8 ? 6 : 3))),
    );
    expect(fired.map((f) => f.length)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(fired[3]?.[0]).toMatchObject({ kind: "crowding", offsetMs: 2000, severity: "warning" });
    expect(fired[3]?.[0]?.highlight).toHaveLength(6);
  });

  it("ignores a crowd shorter than the minimum, and reports a later period again", () => {
    const rule = new CrowdingRule({ minPersons: 5, minSeconds: 4 });
    const counts = [6, 6, 2, 6, 6, 6];
    const fired = counts.flatMap((n, i) => rule.observe(sample(i * 2, crowd(n))));
    expect(fired.map((f) => f.offsetMs)).toEqual([6000]);
  });
});

describe("left-object rule", () => {
  const settings = { minSeconds: 10, stillIou: 0.5, graceSeconds: 4 };
  const bag = (dx = 0) => det("backpack", [50 + dx, 50, 60 + dx, 60]);

  it("reports an object that stays put with nobody near, from when it was left", () => {
    const rule = new LeftObjectRule(settings);
    const owner = person(55, 62);
    const fired = [0, 2, 4, 6, 8, 10, 12, 14, 16].flatMap((t) =>
      // The owner stands by it until 4 s, then walks away; the detector misses it once at 10 s.
      rule.observe(sample(t, t <= 4 ? [owner] : [person(5, 95)], t === 10 ? [] : [bag(t % 4 === 0 ? 1 : 0)])),
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ kind: "object_left", offsetMs: 6000 });
    expect(fired[0]?.description).toContain("backpack");
  });

  it("does not report an object a person stays near, or one that keeps moving", () => {
    const attended = new LeftObjectRule(settings);
    const carried = new LeftObjectRule(settings);
    for (let t = 0; t <= 30; t += 2) {
      expect(attended.observe(sample(t, [person(58, 70)], [bag()]))).toEqual([]);
      expect(carried.observe(sample(t, [], [bag(t * 2)]))).toEqual([]);
    }
  });
});

describe("safety score", () => {
  it("is 100 without incidents and falls with their severity, never below 0", () => {
    const incident = (severity: "info" | "warning" | "critical") => ({
      offsetMs: 0,
      kind: "x",
      severity,
      description: "",
    });
    expect(safetyScore([])).toBe(100);
    expect(safetyScore([incident("info")])).toBeGreaterThan(safetyScore([incident("warning")]));
    expect(safetyScore([incident("warning")])).toBeGreaterThan(safetyScore([incident("critical")]));
    expect(safetyScore(Array.from({ length: 10 }, () => incident("critical")))).toBe(0);
  });
});
