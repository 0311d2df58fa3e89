import { seatChangeSchema, seatSnapshotSchema, uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import type { RgbFrame } from "../../analysis/gray-patch.js";
import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import { SeatAnalyzer, type SeatSpec } from "./seat-analyzer.js";
import type { SeatDetection } from "./seat-observation.js";
import type { SeatTransition } from "./seat-tracker.js";

const MIN = 60_000;
const W = 320;
const H = 240;
const square = (x1: number, y1: number, x2: number, y2: number): SeatSpec["polygon"] => [
  [x1, y1],
  [x2, y1],
  [x2, y2],
  [x1, y2],
];
const seats: SeatSpec[] = [
  { seat: "1A", polygon: square(0.1, 0.1, 0.4, 0.5) }, // pixels 32..128 × 24..120
  { seat: "1B", polygon: square(0.6, 0.1, 0.9, 0.5) }, // pixels 192..288 × 24..120
];
const room = syntheticFrame(W, H);
// A person sitting in 1A: a dark blob the detector reports as a person box.
const seated = paint(room, 50, 0, 110, 110, 30);
const personIn1A: SeatDetection[] = [{ label: "person", score: 0.88, box: [50, 0, 110, 110] }];

function valid(changes: SeatTransition[], now: number): void {
  for (const c of changes) {
    const r = seatChangeSchema.safeParse({ v: 1, id: uuidv7(now), seq: 7, ts: now, ...c });
    expect(r.success, JSON.stringify(c)).toBe(true);
  }
}

/** Runs the analyzer every 3 s like the pipeline: plan, detect only when asked, observe. */
function run(a: SeatAnalyzer, frame: RgbFrame, detections: SeatDetection[], from: number, to: number) {
  const out: { now: number; change: SeatTransition }[] = [];
  let detectorRuns = 0;
  for (let now = from; now < to; now += 3_000) {
    const plan = a.plan(frame);
    if (plan.runDetector) detectorRuns++;
    const changes = a.observe(frame, plan.runDetector ? detections : null, now);
    valid(changes, now);
    for (const change of changes) out.push({ now, change });
  }
  return { out, detectorRuns };
}

const brief = (r: { out: { change: SeatTransition }[] }) =>
  r.out.map(({ change: c }) => `${c.seat}:${c.from}>${c.to}@${c.at}`);

describe("SeatAnalyzer", () => {
  it("settles a static empty room while running the detector only on forced re-checks", () => {
    const a = new SeatAnalyzer(seats, 0, { forceRecheckEvery: 10 });
    const r = run(a, room, [], 0, 90_000);
    expect(brief(r)).toEqual(["1A:unknown>empty@0", "1B:unknown>empty@0"]);
    expect(r.detectorRuns).toBe(3); // frames 0, 10 and 20 of 30
    expect(
      seatSnapshotSchema.safeParse({ v: 1, id: uuidv7(0), seq: 1, ts: 0, seats: a.snapshot() }).success,
    ).toBe(true);
  });

  it("occupies a seat, and holds it exactly 10 minutes after the person left a bag", () => {
    const a = new SeatAnalyzer(seats, 0);
    run(a, room, [], 0, 30_000);
    const sit = run(a, seated, personIn1A, 30_000, 60_000);
    expect(brief(sit)).toEqual(["1A:empty>occupied@30000"]);
    expect(sit.out[0]?.change).toMatchObject({ vacancyMs: 30_000, evidence: { persons: 1, objects: [] } });
    const withBag = paint(room, 60, 90, 90, 115, 200);
    const bag: SeatDetection[] = [{ label: "backpack", score: 0.6, box: [60, 90, 90, 115] }];
    const left = 60_000;
    const r = run(a, withBag, bag, left, left + 10 * MIN + 3_000);
    expect(brief(r)).toEqual([`1A:occupied>held@${left + 10 * MIN}`]);
    expect(r.out[0]?.now).toBe(left + 10 * MIN);
    expect(r.out[0]?.change).toMatchObject({
      stayMs: 30_000,
      evidence: { persons: 0, objects: ["backpack"] },
    });
    expect(r.detectorRuns).toBeLessThan(30); // a static bag is not re-detected every frame
  });

  it("counts an undetected object as left behind once the empty baseline exists", () => {
    const a = new SeatAnalyzer(seats, 0);
    run(a, room, [], 0, 2 * MIN); // confidently empty > 60 s: baseline captured
    const jacket = paint(room, 40, 40, 100, 100, 60);
    const t = 2 * MIN;
    const r = run(a, jacket, [], t, t + 11 * MIN);
    expect(brief(r)).toEqual([`1A:empty>held@${t + 10 * MIN}`]);
    expect(r.out[0]?.change.evidence.baselineDiff).toBeGreaterThan(0.2);
    expect(r.out[0]?.change.vacancyMs).toBe(t + 10 * MIN);
  });

  it("marks every seat unknown while the camera is down and re-evaluates after recovery", () => {
    const a = new SeatAnalyzer(seats, 0);
    run(a, seated, personIn1A, 0, 30_000);
    const down = a.cameraDown(40_000);
    valid(down, 40_000);
    expect(down.map((c) => `${c.seat}:${c.from}>${c.to}@${c.at}`)).toEqual([
      "1A:occupied>unknown@40000",
      "1B:empty>unknown@40000",
    ]);
    expect(a.snapshot().map((s) => s.state)).toEqual(["unknown", "unknown"]);
    const back = run(a, room, [], 5 * MIN, 6 * MIN);
    expect(brief(back)).toEqual([`1A:unknown>empty@${5 * MIN}`, `1B:unknown>empty@${5 * MIN}`]);
  });

  it("keeps unchanged seats across a config push and starts moved or new ones over", () => {
    const a = new SeatAnalyzer(seats, 0);
    run(a, seated, personIn1A, 0, 30_000);
    a.updateSeats(
      [
        seats[0] as SeatSpec,
        { seat: "1B", polygon: square(0.5, 0.1, 0.9, 0.5) },
        { seat: "1C", polygon: square(0.1, 0.6, 0.4, 0.9) },
        { seat: "1D", polygon: square(0.6, 0.6, 0.9, 0.9), active: false },
      ],
      30_000,
      { exitDebounceMs: 9_000 },
    );
    expect(a.snapshot().map((s) => [s.seat, s.state, s.since])).toEqual([
      ["1A", "occupied", 0],
      ["1B", "unknown", 30_000],
      ["1C", "unknown", 30_000],
    ]);
    const r = run(a, room, [], 30_000, 60_000);
    // The new seats settle after the entry debounce (6 s), 1A after the shortened exit debounce (9 s).
    expect(brief(r)).toEqual(["1B:unknown>empty@30000", "1C:unknown>empty@30000", "1A:occupied>empty@30000"]);
    a.updateSeats([], 60_000);
    expect(a.snapshot()).toEqual([]);
  });
});
