import type { ConfigPush } from "@sitewatch/shared-protocol";
import { uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { validateAgentConfig } from "./agent-config-file.js";
import { applyConfigPush } from "./config-push.js";

const base = validateAgentConfig({
  hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
  device: { site: "cafe-1", id: "edge-1" },
  cameras: [{ id: "front", name: "Front room", url: "rtsp://10.0.0.5/s", motion: { threshold: 0.05 } }],
});
const square = [
  [0.1, 0.1],
  [0.5, 0.1],
  [0.5, 0.5],
  [0.1, 0.5],
] as [number, number][];
const push = (revision: number, cameras: unknown[]): ConfigPush =>
  ({ v: 1, id: uuidv7(), ts: Date.now(), revision, cameras }) as ConfigPush;

describe("applying a hub config push", () => {
  it("takes the hub's seats and intervals and keeps what only the device knows", () => {
    const result = applyConfigPush(
      base,
      push(3, [
        {
          camera: "front",
          role: "seats",
          enabled: true,
          sampleIntervalMs: 1000,
          seats: [{ seat: "1A", polygon: square, kind: "desk", active: true }],
          seatRules: { heldAfterMs: 300_000, entryDebounceMs: 6000, exitDebounceMs: 30_000 },
        },
      ]),
    );
    expect(result.applied).toBe(true);
    if (!result.applied) return;
    expect(result.config.configRevision).toBe(3);
    expect(result.config.cameras[0]).toMatchObject({
      id: "front",
      name: "Front room",
      url: "rtsp://10.0.0.5/s",
      intervalMs: 1000,
      motion: { threshold: 0.05 },
      analysis: { heldAfterMs: 300_000, minOverlap: 0.3 },
    });
    const front = result.config.cameras[0];
    expect(front?.role === "seats" && front.seats.map((s) => s.seat)).toEqual(["1A"]);
  });

  it("keeps the device's own settings of a camera only while its role stays the same", () => {
    const record = { enabled: true, segmentSeconds: 600, maxGiB: 50 };
    const seats = { ...base, cameras: [{ ...base.cameras[0], maxWidth: 640, record }] } as typeof base;
    const result = applyConfigPush(
      seats,
      push(2, [{ camera: "front", role: "attention", enabled: true, sampleIntervalMs: 500, seats: [] }]),
    );
    expect(result.applied && result.config.cameras).toEqual([
      {
        id: "front",
        name: "Front room",
        enabled: true,
        url: "rtsp://10.0.0.5/s",
        role: "attention",
        intervalMs: 500,
        maxWidth: 640,
        // Recording is the device's (its disk): it survives the role change too.
        record,
      },
    ]);
  });

  it("ignores stale revisions and names what makes a push unusable", () => {
    expect(applyConfigPush({ ...base, configRevision: 5 }, push(5, [])).applied).toBe(false);
    const bad = push(1, [
      { camera: "new-cam", role: "gate", enabled: true, sampleIntervalMs: 100, seats: [] },
    ]);
    expect(() => applyConfigPush(base, bad)).toThrow(
      /config-push revision 1: cameras\[0\]\.url: must be a string; cameras\[0\]\.intervalMs: must be ≥ 200/,
    );
  });
});
