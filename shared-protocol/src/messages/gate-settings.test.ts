import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "../codec.js";
import { exampleAddress, examples } from "../examples.js";
import { gateEntryColumns } from "../gate-columns.js";
import { topicFor } from "../topics.js";
import { cameraConfigSchemas, configPushSchema } from "./commands.js";
import { gateEntrySchema } from "./gate.js";
import { gateSettingsSchema } from "./gate-settings.js";

const problems = (value: unknown) => {
  const r = gateSettingsSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("gate settings", () => {
  it("fill in the whole picture as zone and the device's defaults", () => {
    expect(gateSettingsSchema.parse({})).toEqual({
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
    // Each parse gets its own zone: changing one camera's default cannot change another's.
    const a = gateSettingsSchema.parse({});
    const first = a.zone[0];
    if (first) first[0] = 0.5;
    expect(gateSettingsSchema.parse({}).zone[0]).toEqual([0, 0]);
    expect(gateSettingsSchema.parse({ motion: { enabled: false } }).motion).toEqual({
      enabled: false,
      threshold: 0.02,
      forceEvery: 10,
    });
  });

  it("refuse a crossed or degenerate zone, with the polygon's problem as message", () => {
    const bowtie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ];
    expect(problems({ zone: bowtie })).toEqual(["zone: edges 1 and 3 intersect"]);
    const flat = [
      [0, 0],
      [0.5, 0],
      [1, 0],
    ];
    expect(problems({ zone: flat })).toEqual(["zone: the polygon has (almost) no area"]);
    expect(
      problems({
        zone: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toContain("zone: a polygon needs at least 3 points");
    const circle = Array.from({ length: 65 }, (_, i) => {
      const a = (2 * Math.PI * i) / 65;
      return [0.5 + 0.4 * Math.cos(a), 0.5 + 0.4 * Math.sin(a)];
    });
    expect(problems({ zone: circle })).toHaveLength(1);
    expect(problems({ zone: circle.slice(0, 64) })).toEqual([]);
    expect(
      problems({
        zone: [
          [0, 0],
          [1.2, 0],
          [1, 1],
        ],
      }),
    ).toContain("zone: every point must lie inside the frame (0..1)");
  });

  it("hold every number to the device's bounds", () => {
    const outside: Record<string, unknown>[] = [
      { activeIntervalMs: 99 },
      { activeIntervalMs: 60_001 },
      { activeIntervalMs: 500.5 },
      { scoreThreshold: -0.1 },
      { scoreThreshold: 1.01 },
      { minTrackFrames: 0 },
      { minTrackFrames: 1001 },
      { lostAfterFrames: 0 },
      { lostAfterFrames: 101 },
      { maxOcrFrames: 0 },
      { maxOcrFrames: 33 },
      { vehicleClasses: [] },
      { vehicleClasses: Array.from({ length: 33 }, (_, i) => `c${i}`) },
      { vehicleClasses: [""] },
      { passageGroup: "gate 1" },
      { directionLine: [[0.5, 0]] },
      {
        directionLine: [
          [0.5, 0],
          [0.5, -0.1],
        ],
      },
      { motion: { threshold: 2 } },
      { motion: { forceEvery: 0 } },
    ];
    for (const value of outside) expect(problems(value), JSON.stringify(value)).toHaveLength(1);
    const edges = {
      activeIntervalMs: 100,
      scoreThreshold: 0,
      minTrackFrames: 1000,
      lostAfterFrames: 100,
      maxOcrFrames: 32,
      vehicleClasses: ["truck"],
      passageGroup: "gate-1",
      directionLine: [
        [0, 0],
        [1, 1],
      ],
      motion: { enabled: false, threshold: 1, forceEvery: 1000 },
    };
    expect(problems(edges)).toEqual([]);
  });
});

describe("a gate camera in a config push", () => {
  const camera = { camera: "lane", role: "gate" as const };

  it("carries gate settings with defaults filled, or none so the device keeps its own", () => {
    expect(cameraConfigSchemas.gate.parse(camera)).not.toHaveProperty("gate");
    expect(cameraConfigSchemas.gate.parse({ ...camera, gate: {} }).gate).toEqual(
      gateSettingsSchema.parse({}),
    );
    expect(cameraConfigSchemas.gate.safeParse({ ...camera, gate: { maxOcrFrames: 99 } }).success).toBe(false);
  });

  it("round-trips through the codec in the example push, and a newer hub's extra settings are dropped", () => {
    const push = { ...examples.configPush, cameras: [...examples.configPush.cameras] };
    const encoded = encodeMessage("configPush", push);
    const decoded = decodeMessage(topicFor("configPush", exampleAddress), encoded);
    expect(decoded.ok).toBe(true);
    const gate = decoded.ok ? configPushSchema.parse(decoded.message).cameras[1] : undefined;
    expect(gate).toMatchObject({ role: "gate", gate: { passageGroup: "gate-1", vehicleClasses: ["truck"] } });
    const newer = configPushSchema.parse({ ...push, cameras: [{ ...camera, gate: { laneWidth: 3 } }] });
    expect(newer.cameras[0]).toMatchObject({ gate: gateSettingsSchema.parse({}) });
  });
});

describe("the passage of a gate entry", () => {
  it("is an optional uuid, and a column the hub and dashboards read alike", () => {
    expect(gateEntrySchema.safeParse(examples.gateEntry).success).toBe(true);
    const { passage: _p, ...without } = examples.gateEntry;
    expect(gateEntrySchema.safeParse(without).success).toBe(true);
    expect(gateEntrySchema.safeParse({ ...examples.gateEntry, passage: "truck-1" }).success).toBe(false);
    const entry = gateEntrySchema.parse(examples.gateEntry);
    expect(gateEntryColumns(entry).passage).toBe(examples.gateEntry.passage);
    expect(gateEntryColumns(gateEntrySchema.parse(without)).passage).toBeNull();
  });
});
