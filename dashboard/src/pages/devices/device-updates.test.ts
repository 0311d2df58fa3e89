import { type CameraStatus, examples } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { applyCameraStatus, applyHealth, cameraRows, type LiveDevice } from "./device-updates.js";

const T = examples.health.ts;
const device: LiveDevice = {
  id: "edge-1",
  site: "cafe",
  name: "Edge",
  status: "active",
  online: true,
  lastSeenAt: T,
  agentVersion: "0.1.0",
  mqttUsername: "cafe.edge-1",
  configRevision: 1,
  health: examples.health,
  latency: { captureToHubMs: null },
  createdAt: T - 86_400_000,
  revokedAt: null,
};
const status = (camera: string, ts: number, state: CameraStatus["state"] = "failed") => ({
  site: "cafe",
  device: "edge-1",
  camera,
  data: { ...examples.cameraStatus, ts, state },
});
const summary = (d: LiveDevice) => cameraRows(d).map((r) => [r.camera, r.state, r.figures?.fps ?? null]);

describe("cameraRows", () => {
  it("lists the heartbeat's cameras with its figures", () => {
    expect(summary(device)).toEqual([["cam-03", "streaming", 0.33]]);
    expect(cameraRows({ ...device, health: null })).toEqual([]);
  });

  it("takes a camera's state from a status at or after the heartbeat, keeping the heartbeat's figures", () => {
    const [after] = applyCameraStatus([device], status("cam-03", T + 1_000));
    expect(summary(after as LiveDevice)).toEqual([["cam-03", "failed", 0.33]]);
    const [same] = applyCameraStatus([device], status("cam-03", T, "reconnecting"));
    expect(summary(same as LiveDevice)).toEqual([["cam-03", "reconnecting", 0.33]]);
  });

  it("lets a newer heartbeat supersede an older status, e.g. one replayed when the page joined", () => {
    const [before] = applyCameraStatus([device], status("cam-03", T - 1_000));
    expect(summary(before as LiveDevice)).toEqual([["cam-03", "streaming", 0.33]]);
    const [withStatus] = applyCameraStatus([device], status("cam-03", T + 1_000));
    const beat = { site: "cafe", device: "edge-1", data: { ...examples.health, ts: T + 2_000 } };
    const [later] = applyHealth([withStatus as LiveDevice], beat, T + 2_000);
    expect(summary(later as LiveDevice)).toEqual([["cam-03", "streaming", 0.33]]);
  });

  it("lists a camera only a newer status names, without figures", () => {
    const [d] = applyCameraStatus(
      applyCameraStatus([{ ...device, health: null }], status("cam-09", T)),
      status("cam-01", T),
    );
    expect(summary(d as LiveDevice)).toEqual([
      ["cam-01", "failed", null],
      ["cam-09", "failed", null],
    ]);
    const [stale] = applyCameraStatus([device], status("cam-09", T - 1));
    expect(summary(stale as LiveDevice)).toEqual([["cam-03", "streaming", 0.33]]);
  });
});
