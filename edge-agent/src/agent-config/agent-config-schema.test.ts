import { describe, expect, it } from "vitest";
import { describeIssues, validateAgentConfig } from "./agent-config-file.js";
import { agentCameraSchema } from "./agent-config-schema.js";

const square = [
  [0.1, 0.1],
  [0.5, 0.1],
  [0.5, 0.5],
  [0.1, 0.5],
];
const camera = { id: "cam", name: "Cam", url: "rtsp://10.0.0.5/s" };
const problems = (value: unknown) => {
  const parsed = agentCameraSchema.safeParse(value);
  return parsed.success ? [] : describeIssues(parsed.error.issues);
};

describe("camera entries, one shape per role", () => {
  it("takes a camera without a role as a seats camera with its seat settings filled in", () => {
    expect(agentCameraSchema.parse(camera)).toMatchObject({
      role: "seats",
      seats: [],
      motion: { enabled: true },
      analysis: { heldAfterMs: 600_000 },
    });
  });

  it("gives a camera of a role not run yet the common settings only, and refuses seat settings on it", () => {
    const attention = agentCameraSchema.parse({ ...camera, role: "attention", intervalMs: 500 });
    expect(attention).toEqual({ ...camera, role: "attention", enabled: true, intervalMs: 500 });
    expect(problems({ ...camera, role: "attention", seats: [{ seat: "1A", polygon: square }] })).toEqual([
      "seats: allows at most 0 entries",
    ]);
    expect(problems({ ...camera, role: "attention", typo: 1 })).toEqual(['(file): unknown setting "typo"']);
  });

  it("still loads a gate camera written by an older agent with empty seat settings, and drops them", () => {
    const old = { ...camera, role: "attention", seats: [], motion: { enabled: true }, analysis: {} };
    expect(agentCameraSchema.parse(old)).toEqual({
      ...camera,
      role: "attention",
      enabled: true,
      // Attention cameras sample five frames a second unless told otherwise.
      intervalMs: 200,
    });
  });

  it("names the roles when a role is unknown, and duplicate seats within a seats camera", () => {
    expect(problems({ ...camera, role: "parking" })).toEqual([
      'role: must be one of "seats", "gate", "attention"',
    ]);
    const twice = [
      { seat: "1A", polygon: square },
      { seat: "1A", polygon: square },
    ];
    expect(() =>
      validateAgentConfig({
        hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
        device: { site: "s", id: "d" },
        cameras: [{ ...camera, seats: twice }],
      }),
    ).toThrow(/cameras\[0\]\.seats\[1\]\.seat: duplicate seat "1A"/);
  });
});
