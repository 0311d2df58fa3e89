import { describe, expect, it } from "vitest";
import type { Detector } from "../../vision/detect/detector.js";
import type { Ocr } from "../../vision/ocr/ocr.js";
import { isRunnable } from "../role-module.js";
import { modelsFor, modelsOf, roleProblem, roleTable } from "../role-table.js";
import { GateAnalyzer } from "./gate-analyzer.js";
import { truckAt } from "./gate-analyzer.test-support.js";
import { gateCameraSchema } from "./gate-config.js";
import { createGateRole, gateRole } from "./gate-role.js";

const base = { id: "lane", name: "Lane", url: "rtsp://10.0.0.9/s", role: "gate" };
const problems = (value: unknown) => {
  const r = gateCameraSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("gate camera settings", () => {
  it("fill in a whole-picture zone, the vehicle classes and the two capture rates", () => {
    expect(gateCameraSchema.parse(base)).toEqual({
      ...base,
      enabled: true,
      intervalMs: 3_000,
      zone: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      vehicleClasses: ["truck", "bus", "car"],
      activeIntervalMs: 500,
      minTrackFrames: 3,
      lostAfterFrames: 2,
      maxOcrFrames: 4,
      motion: { enabled: true, threshold: 0.02, forceEvery: 10 },
    });
  });

  it("refuse a crossed zone, a point off the picture and typos; drop an older agent's empty seat settings", () => {
    const bowtie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ];
    expect(problems({ ...base, zone: bowtie })).toEqual(["zone: edges 1 and 3 intersect"]);
    expect(
      problems({
        ...base,
        directionLine: [
          [0.5, 0],
          [0.5, 1.2],
        ],
      }),
    ).toHaveLength(1);
    expect(problems({ ...base, passageGroup: "gate 1" })).toHaveLength(1);
    expect(problems({ ...base, zones: [] })).toEqual([': Unrecognized key: "zones"']);
    const old = gateCameraSchema.parse({ ...base, seats: [], analysis: {}, motion: { enabled: false } });
    expect(old).not.toHaveProperty("seats");
    expect(old).not.toHaveProperty("analysis");
    expect(old.motion).toEqual({ enabled: false, threshold: 0.02, forceEvery: 10 });
  });
});

describe("the gate role", () => {
  it("is registered and runnable, and needs the detector and the OCR model", () => {
    expect(roleTable.gate).toBe(gateRole);
    expect(isRunnable(roleTable.gate)).toBe(true);
    expect(roleProblem("gate")).toBeUndefined();
    expect(gateRole.models).toEqual(["detector", "ocr"]);
    expect(modelsOf()).toEqual(expect.arrayContaining(["detector", "ocr"]));
  });

  it("is loaded only by agents with an enabled gate camera: seats cameras alone need no OCR", () => {
    const cam = (role: "seats" | "gate" | "attention", enabled = true) => ({ role, enabled });
    expect(modelsFor([cam("seats"), cam("seats")])).toEqual(["detector"]);
    expect(modelsFor([cam("seats"), cam("gate", false)])).toEqual(["detector"]);
    expect(modelsFor([cam("gate"), cam("seats")])).toEqual(["detector", "ocr"]);
    expect(modelsFor([cam("attention")])).toEqual(["faceMesh"]);
    expect(modelsFor([])).toEqual([]);
  });

  it("asks capture for the idle rate and the faster rate while a vehicle is in the zone", () => {
    const camera = gateCameraSchema.parse({
      ...base,
      intervalMs: 2_000,
      activeIntervalMs: 250,
      maxWidth: 1280,
    });
    expect(gateRole.capture(camera)).toEqual({ intervalMs: 2_000, activeIntervalMs: 250, maxWidth: 1280 });
    // An "active" rate slower than the idle one would slow capture down just when it matters.
    const odd = gateCameraSchema.parse({ ...base, intervalMs: 400, activeIntervalMs: 1_000 });
    expect(gateRole.capture(odd).activeIntervalMs).toBe(400);
  });

  it("builds an analyser per camera over the shared models, with the reader made from the OCR model", () => {
    const detector: Detector = { name: "fake", labels: [], detect: async () => [], close: async () => {} };
    const ocr = { name: "shared ocr" } as unknown as Ocr;
    const given: unknown[] = [];
    const role = createGateRole({
      reader: (o) => {
        given.push(o);
        return { read: async () => [] };
      },
    });
    const ctx = { models: { detector, ocr }, scoreThreshold: 0.4, now: () => 0 };
    const a = role.create(gateCameraSchema.parse(base), ctx);
    const b = role.create(gateCameraSchema.parse({ ...base, id: "lane-2" }), ctx);
    expect(a).toBeInstanceOf(GateAnalyzer);
    expect(b).not.toBe(a);
    expect(given).toEqual([ocr, ocr]);
  });

  it("asks the detector for the camera's own score threshold, else the agent's", async () => {
    const asked: (number | undefined)[] = [];
    const detector: Detector = {
      name: "fake",
      labels: [],
      detect: async (_frame, opts) => {
        asked.push(opts?.scoreThreshold);
        return [];
      },
      close: async () => {},
    };
    const role = createGateRole({ reader: () => ({ read: async () => [] }) });
    const ctx = { models: { detector, ocr: {} as Ocr }, scoreThreshold: 0.4, now: () => 0 };
    // Without motion gating every frame goes to the detector.
    const still = { motion: { enabled: false } };
    const own = role.create(gateCameraSchema.parse({ ...base, ...still, scoreThreshold: 0.1 }), ctx);
    const agents = role.create(gateCameraSchema.parse({ ...base, ...still, id: "lane-2" }), ctx);
    const frame = { ...truckAt(10), capturedAt: 0 };
    await own.analyse(frame, { live: false });
    await agents.analyse(frame, { live: false });
    expect(asked).toEqual([0.1, 0.4]);
    expect(problems({ ...base, scoreThreshold: 1.5 })).toEqual([expect.stringMatching(/^scoreThreshold: /)]);
  });
});
