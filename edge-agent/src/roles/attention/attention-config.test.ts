import { describe, expect, it } from "vitest";
import { validateAgentConfig } from "../../agent-config/agent-config-file.js";
import { modelsFor, roleProblem } from "../role-table.js";
import { attentionCameraSchema, attentionSettingsOf, DEFAULT_MAX_FACES } from "./attention-config.js";
import { attentionRole } from "./attention-role.js";

const base = { id: "desk", name: "Study room", url: "rtsp://10.0.0.7/s", role: "attention" };
const problems = (value: unknown) => {
  const r = attentionCameraSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("attention camera settings", () => {
  it("sample five frames a second by default and up to ten, with nothing else written into the file", () => {
    const camera = attentionCameraSchema.parse(base);
    expect(camera).toStrictEqual({ ...base, enabled: true, intervalMs: 200 });
    expect(attentionCameraSchema.parse({ ...base, intervalMs: 100 }).intervalMs).toBe(100);
    expect(problems({ ...base, intervalMs: 99 })).toEqual([
      "intervalMs: Too small: expected number to be >=100",
    ]);
    expect(attentionRole.capture(attentionCameraSchema.parse({ ...base, maxWidth: 960 }))).toEqual({
      intervalMs: 200,
      maxWidth: 960,
    });
  });

  it("keep only the thresholds a camera overrides; the analyser's defaults fill in the rest", () => {
    const camera = attentionCameraSchema.parse({ ...base, maxFaces: 2, thresholds: { absentMs: 2_000 } });
    expect(camera.thresholds).toStrictEqual({ absentMs: 2_000 });
    expect(attentionSettingsOf(camera)).toEqual({ maxFaces: 2, thresholds: { absentMs: 2_000 } });
    expect(attentionSettingsOf(attentionCameraSchema.parse(base))).toEqual({
      maxFaces: DEFAULT_MAX_FACES,
      thresholds: {},
    });
  });

  it("refuse typos, impossible values and seat settings; drop an older agent's empty ones", () => {
    expect(problems({ ...base, thresholds: { absentMS: 2_000 } })).toEqual([
      'thresholds: Unrecognized key: "absentMS"',
    ]);
    expect(problems({ ...base, thresholds: { absentMs: -1 } })).toHaveLength(1);
    expect(problems({ ...base, maxFaces: 0 })).toHaveLength(1);
    expect(problems({ ...base, seats: [{ seat: "1A", polygon: [] }] })).toEqual([
      "seats: Too big: expected array to have <=0 items",
    ]);
    const old = attentionCameraSchema.parse({ ...base, seats: [], motion: { enabled: true }, analysis: {} });
    expect(old).toStrictEqual({ ...base, enabled: true, intervalMs: 200 });
  });
});

describe("the attention role in the role table", () => {
  it("runs attention cameras with the face landmarker, loaded only when such a camera is enabled", () => {
    expect(roleProblem("attention")).toBeUndefined();
    expect(modelsFor([{ role: "attention", enabled: true }])).toEqual(["faceMesh"]);
    expect(
      modelsFor([
        { role: "attention", enabled: false },
        { role: "seats", enabled: true },
      ]),
    ).toEqual(["detector"]);
  });

  it("is a camera entry of the agent's config file", () => {
    const config = validateAgentConfig({
      hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
      device: { site: "s", id: "d" },
      cameras: [{ ...base, intervalMs: 150, thresholds: { absentMs: 3_000 } }],
    });
    expect(config.cameras[0]).toMatchObject({ role: "attention", intervalMs: 150 });
  });
});
