import { describe, expect, it } from "vitest";
import {
  deviceHeartbeatSchema,
  type HubDevice,
  hubCameraStatusShape,
  hubDeviceSchema,
} from "./device-entity.js";
import { examples } from "./examples.js";
import { cameraStatusSchema } from "./messages/device.js";

const { v: _v, id: _id, seq: _seq, ...heartbeat } = examples.health;

const device: HubDevice = {
  id: "edge-01",
  site: "gangnam-1",
  name: "Front room",
  status: "active",
  online: true,
  lastSeenAt: 1_764_000_030_000,
  agentVersion: "0.1.0",
  mqttUsername: "gangnam-1.edge-01",
  configRevision: 3,
  health: heartbeat,
  latency: { captureToHubMs: { p50: 180, p95: 420, max: 900, samples: 37 } },
  createdAt: 1_760_000_000_000,
  revokedAt: null,
};

describe("device entity", () => {
  it("carries its last heartbeat as the device:health message without the envelope", () => {
    expect(hubDeviceSchema.parse(device)).toEqual(device);
    // A live event's data is a valid heartbeat as it is; only the delivery envelope is dropped.
    expect(deviceHeartbeatSchema.parse(examples.health)).toEqual(heartbeat);
    expect(Object.keys(deviceHeartbeatSchema.shape)).not.toContain("seq");
    const beforeFirst = { ...device, online: false, lastSeenAt: null, health: null };
    expect(hubDeviceSchema.parse(beforeFirst)).toEqual(beforeFirst);
  });

  it("gives every instant in epoch ms, never ISO strings", () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(hubDeviceSchema.safeParse({ ...device, lastSeenAt: iso(1_764_000_030_000) }).success).toBe(false);
    expect(hubDeviceSchema.safeParse({ ...device, createdAt: iso(device.createdAt) }).success).toBe(false);
    expect(hubDeviceSchema.safeParse({ ...device, revokedAt: iso(device.createdAt) }).success).toBe(false);
    const oldHealth = { ...heartbeat, ts: undefined, at: iso(heartbeat.ts) };
    expect(hubDeviceSchema.safeParse({ ...device, health: oldHealth }).success).toBe(false);
  });

  it("names a camera's reported status as camera:status does, with unknown before the first report", () => {
    const status = examples.cameraStatus;
    const shape = hubCameraStatusShape;
    expect(shape.state.parse(status.state)).toBe("reconnecting");
    expect(shape.state.parse("unknown")).toBe("unknown");
    expect(cameraStatusSchema.shape.state.safeParse("unknown").success).toBe(false);
    expect(shape.reason.parse(status.reason)).toBe(status.reason);
    expect(shape.reason.parse(null)).toBeNull();
    expect(shape.stateAt.parse(status.ts)).toBe(status.ts);
    expect(shape.stateAt.safeParse(new Date(status.ts).toISOString()).success).toBe(false);
    expect(Object.keys(shape).filter((k) => k !== "stateAt" && !(k in cameraStatusSchema.shape))).toEqual([]);
  });
});
