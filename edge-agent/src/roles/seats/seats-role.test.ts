import type { SeatChange, SeatSnapshot } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import type { Detection, Detector } from "../../vision/detect/detector.js";
import type { RoleEvent } from "../role-module.js";
import { rebuild, viewOf } from "./seat-stream.test-support.js";
import { seatsCameraSchema } from "./seats-config.js";
import { CHECKPOINT_EVERY_MS, SeatsRoleAnalyzer } from "./seats-role.js";

const W = 320;
const H = 240;
const square = (x1: number, y1: number, x2: number, y2: number): [number, number][] => [
  [x1, y1],
  [x2, y1],
  [x2, y2],
  [x1, y2],
];
const seats = [
  { seat: "1A", polygon: square(0.1, 0.1, 0.4, 0.5) },
  { seat: "1B", polygon: square(0.6, 0.1, 0.9, 0.5) },
];
const room = syntheticFrame(W, H);
const seated = paint(room, 50, 0, 110, 110, 30);
const person: Detection = { label: "person", classId: 0, score: 0.9, box: [50, 0, 110, 110] };

const camera = (extra: Record<string, unknown> = {}) =>
  seatsCameraSchema.parse({ id: "front", name: "Front", url: "rtsp://fake/stream", seats, ...extra });

/** A seats camera on a fake clock; `step` analyses one frame 3 s after the previous one. */
function setup() {
  let now = 0;
  let detections: Detection[] = [];
  const detector: Detector = {
    name: "fake",
    labels: ["person"],
    detect: async () => detections,
    close: async () => {},
  };
  const role = new SeatsRoleAnalyzer(camera({ motion: { enabled: false } }), {
    models: { detector },
    scoreThreshold: 0.3,
    now: () => now,
  });
  // Every event the camera published, numbered as the device's seq would number them.
  const published: (RoleEvent & { seq: number })[] = [];
  const publish = (events: readonly RoleEvent[]) => {
    for (const e of events) published.push({ ...e, seq: published.length + 1 });
    return events.map((e) => e.kind);
  };
  const step = async (frame = room) => {
    now += 3_000;
    return publish((await role.analyse({ ...frame, capturedAt: now }, { live: false })).events);
  };
  return {
    role,
    published,
    publish,
    step,
    see: (d: Detection[]) => {
      detections = d;
    },
    now: () => now,
  };
}

const asChange = (e: RoleEvent & { seq: number }) => ({ ...e.fields, seq: e.seq }) as unknown as SeatChange;
const asCheckpoint = (e: RoleEvent & { seq: number }) =>
  ({ ...e.fields, seq: e.seq }) as unknown as SeatSnapshot;

describe("SeatsRoleAnalyzer checkpoints", () => {
  it("sends each change once and restates every seat only at start, recovery, camera down and on time", async () => {
    const cam = setup();
    expect(cam.publish(cam.role.snapshot())).toEqual(["seatSnapshot"]);
    // An empty room: both seats become known in the same frame, the last unknown one brings a checkpoint.
    let kinds: string[] = [];
    for (let i = 0; i < 5 && kinds.length === 0; i++) kinds = await cam.step();
    expect(kinds).toEqual(["seatChange", "seatChange", "seatSnapshot"]);
    // Someone sits down: one change, no checkpoint.
    cam.see([person]);
    kinds = [];
    for (let i = 0; i < 5 && kinds.length === 0; i++) kinds = await cam.step(seated);
    expect(kinds).toEqual(["seatChange"]);
    // Nothing changes for a while: one checkpoint when the interval is up, then quiet again.
    const since = cam.published.length;
    const until = cam.now() + CHECKPOINT_EVERY_MS + 6_000;
    while (cam.now() < until) await cam.step(seated);
    expect(cam.published.slice(since).map((e) => e.kind)).toEqual(["seatSnapshot"]);
    // The camera goes down: every seat unknown, and a checkpoint saying so; down again changes nothing.
    expect(cam.publish(cam.role.cameraDown())).toEqual(["seatChange", "seatChange", "seatSnapshot"]);
    expect(cam.role.cameraDown()).toEqual([]);

    // Every checkpoint is the first one plus the changes before it: a subscriber can start from any.
    const changes = cam.published.filter((e) => e.kind === "seatChange").map(asChange);
    const checkpoints = cam.published.filter((e) => e.kind === "seatSnapshot").map(asCheckpoint);
    const [first] = checkpoints;
    if (!first) throw new Error("no checkpoint");
    for (const c of checkpoints) expect(viewOf(c)).toEqual(rebuild(first, changes, c.seq));
    expect(Object.values(viewOf(checkpoints.at(-1) as SeatSnapshot))).toEqual([
      expect.stringMatching(/^unknown@/),
      expect.stringMatching(/^unknown@/),
    ]);
  });

  it("restates after a config push only when the seats it lists changed", async () => {
    const cam = setup();
    for (let i = 0; i < 4; i++) await cam.step();
    expect(cam.role.reconfigure(camera({ analysis: { exitDebounceMs: 5_000 } }))).toEqual([]);
    const moved = [seats[0], { seat: "1C", polygon: square(0.5, 0.5, 0.9, 0.9) }];
    const events = cam.role.reconfigure(camera({ seats: moved }));
    expect(events.map((e) => e.kind)).toEqual(["seatSnapshot"]);
    const listed = events.flatMap((e) => (e.fields as SeatSnapshot).seats.map((s) => `${s.seat}:${s.state}`));
    expect(listed).toEqual(["1A:empty", "1C:unknown"]);
  });
});
