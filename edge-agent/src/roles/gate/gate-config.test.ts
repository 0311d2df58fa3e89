import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cameraConfigSchemas,
  configPushSchema,
  gateSettingsSchema,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadAgentConfig,
  saveAgentConfig,
  validateAgentConfig,
} from "../../agent-config/agent-config-file.js";
import { assignCameraIds, parseCameraSpec } from "../../agent-config/camera-spec.js";
import { applyConfigPush } from "../../agent-config/config-push.js";
import { roleTable } from "../role-table.js";
import { gateCameraSchema, gateFromPush } from "./gate-config.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("a gate camera in the agent's config file", () => {
  it("is written as `edge-agent init --camera …,role=gate` writes it, every setting explained, and loads back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gate-config-"));
    dirs.push(dir);
    const path = join(dir, "sitewatch-agent.json");
    const [camera] = assignCameraIds([parseCameraSpec("Lane=rtsp://10.0.0.9/s,role=gate,interval=1000")]);
    if (!camera) throw new Error("no camera parsed");
    const saved = await saveAgentConfig(path, {
      hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
      device: { site: "port", id: "edge-1" },
      cameras: [camera],
    });
    expect(saved.cameras[0]).toMatchObject({ role: "gate", intervalMs: 1_000, activeIntervalMs: 500 });
    const text = await readFile(path, "utf8");
    const lines = text.split("\n").slice(text.split("\n").findIndex((l) => l.includes('"cameras": [')));
    // Every setting the file holds for the camera has a comment right above it.
    const keys = Object.keys(gateCameraSchema.parse(camera));
    for (const key of keys) {
      const at = lines.findIndex((l) => l.trimStart().startsWith(`"${key}": `));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1]?.trimStart().startsWith("//"), `comment above ${key}`).toBe(true);
    }
    expect(text).toMatch(/\/\/ Gate: where vehicles are tracked/);
    expect(await loadAgentConfig(path)).toEqual(saved);
  });
});

// The device's own gate camera: everything set in its file, as an installer might have.
const mine = gateCameraSchema.parse({
  id: "lane",
  name: "Lane",
  url: "rtsp://10.0.0.9/s",
  role: "gate",
  maxWidth: 1280,
  zone: [
    [0, 0.2],
    [1, 0.2],
    [1, 1],
    [0, 1],
  ],
  directionLine: [
    [0.5, 1],
    [0.5, 0.2],
  ],
  vehicleClasses: ["truck", "train"],
  scoreThreshold: 0.1,
  passageGroup: "gate-1",
  motion: { threshold: 0.05 },
});
const config = validateAgentConfig({
  hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
  device: { site: "port", id: "edge-1" },
  cameras: [mine],
});
const pushOf = (revision: number, gate?: unknown) =>
  configPushSchema.parse({
    v: 1,
    id: uuidv7(),
    ts: Date.now(),
    revision,
    cameras: [{ camera: "lane", role: "gate", sampleIntervalMs: 2_000, ...(gate ? { gate } : {}) }],
  });
const zone = [
  [0.2, 0.3],
  [0.8, 0.3],
  [0.8, 0.9],
  [0.2, 0.9],
] as [number, number][];

describe("gate settings from a hub push", () => {
  it("are the gate role's fromPush", () => {
    expect(roleTable.gate.fromPush).toBe(gateFromPush);
  });

  it("replace the file's gate settings whole: what the hub left out takes its default", () => {
    const result = applyConfigPush(config, pushOf(1, { zone, maxOcrFrames: 6 }));
    if (!result.applied) throw new Error(result.reason);
    const [lane] = result.config.cameras;
    expect(lane).toEqual({
      id: "lane",
      name: "Lane",
      url: "rtsp://10.0.0.9/s",
      role: "gate",
      enabled: true,
      intervalMs: 2_000,
      maxWidth: 1280,
      ...gateSettingsSchema.parse({ zone, maxOcrFrames: 6 }),
    });
    // Unset, not the file's: no threshold, line or group survives from the device's own entry.
    const left = lane?.role === "gate" && [lane.scoreThreshold, lane.directionLine, lane.passageGroup];
    expect(left).toEqual([undefined, undefined, undefined]);
  });

  it("leave the device's own settings when the push carries none", () => {
    const result = applyConfigPush(config, pushOf(2));
    if (!result.applied) throw new Error(result.reason);
    const { intervalMs: _i, ...own } = mine;
    expect(result.config.cameras[0]).toEqual({ ...own, intervalMs: 2_000 });
  });

  it("are nothing for a camera of another role or without settings", () => {
    const seats = cameraConfigSchemas.seats.parse({ camera: "lane", role: "seats" });
    expect(gateFromPush(seats, undefined)).toEqual({});
    const bare = pushOf(3).cameras[0];
    if (!bare) throw new Error("no camera");
    expect(gateFromPush(bare, mine)).toEqual({});
    const pushed = pushOf(4, { passageGroup: "gate-2" }).cameras[0];
    if (!pushed) throw new Error("no camera");
    expect(gateFromPush(pushed, undefined)).toMatchObject({
      passageGroup: "gate-2",
      scoreThreshold: undefined,
    });
  });
});
