import { describe, expect, it } from "vitest";
import { AlertFacts, type StoredSite } from "./alert-facts.js";
import { noteDeviceEvent } from "./alert-observations.js";
import {
  CAMERA_OFFLINE_GRACE_MS,
  type CameraReport,
  cameraAlerts,
  cameraConditions,
  nextCameraFact,
} from "./camera-alerts.js";

const T = Date.UTC(2025, 10, 24, 9); // a fixed clock: 09:00 UTC
const MIN = 60_000;

/** Site "s" as the database has it: its cameras with their stored status. */
const stored = (cameras: Array<[string, CameraReport | undefined]>): Map<string, StoredSite> =>
  new Map([
    [
      "s",
      { settings: { heldMinutes: 30, vacantHours: 4 }, families: new Map([["camera", new Map(cameras)]]) },
    ],
  ]);

describe("camera rules", () => {
  it("starts an outage at the first failed or reconnecting report and keeps it through retries", () => {
    let fact = nextCameraFact(undefined, "streaming", T);
    expect(fact.outageSince).toBeUndefined();
    fact = nextCameraFact(fact, "reconnecting", T + 1000, "RTSP timeout");
    expect(fact.outageSince).toBe(T + 1000);
    fact = nextCameraFact(fact, "connecting", T + 5000);
    fact = nextCameraFact(fact, "failed", T + 20_000, "refused");
    expect(fact).toMatchObject({ state: "failed", outageSince: T + 1000, reason: "refused" });
    expect(nextCameraFact(fact, "streaming", T + 30_000)).toEqual({ state: "streaming", at: T + 30_000 });
  });

  it("does not count a camera that is only connecting for the first time as offline", () => {
    expect(nextCameraFact(undefined, "connecting", T).outageSince).toBeUndefined();
  });

  it("raises camera-offline only after the grace period", () => {
    const fact = nextCameraFact(undefined, "reconnecting", T, "RTSP timeout");
    expect(cameraConditions("s", "edge-1/cam-1", fact, T + CAMERA_OFFLINE_GRACE_MS)).toEqual([]);
    const [condition] = cameraConditions("s", "edge-1/cam-1", fact, T + CAMERA_OFFLINE_GRACE_MS + 1);
    expect(condition).toMatchObject({ kind: "camera-offline", subject: "edge-1/cam-1", since: T });
    expect(condition?.message).toContain("RTSP timeout");
    expect(cameraConditions("s", "edge-1/cam-1", { state: "streaming", at: T }, T + 10 * MIN)).toEqual([]);
  });
});

describe("camera facts", () => {
  const camera = { site: "s", family: "camera", subject: "edge-1/cam-1" };
  const status = (state: string, ts: number) => ({
    site: "s",
    device: "edge-1",
    camera: "cam-1",
    data: { v: 1, id: "x", seq: 1, ts, state, reason: "refused" } as never,
  });

  it("follows status reports of any camera, first report included, and never goes back in time", () => {
    const facts = new AlertFacts([cameraAlerts]);
    expect(noteDeviceEvent(facts, "cameraStatus", status("failed", T), T)).toEqual([camera]);
    expect(noteDeviceEvent(facts, "cameraStatus", status("streaming", T - 1), T)).toEqual([]);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toMatchObject([{ kind: "camera-offline", since: T }]);
    // A device-scoped status (no camera in the topic) names no camera.
    const deviceScoped = { ...status("failed", T), camera: undefined };
    expect(noteDeviceEvent(facts, "cameraStatus", deviceScoped, T)).toEqual([]);
  });

  it("keeps what it observed for a camera the database has not stored a state for yet", () => {
    // The camera's first report is only in memory until the batch writer flushes it, and a tick in
    // between must not forget it.
    const facts = new AlertFacts([cameraAlerts]);
    facts.merge(stored([["edge-1/cam-1", undefined]]), []);
    noteDeviceEvent(facts, "cameraStatus", status("failed", T), T);
    facts.merge(stored([["edge-1/cam-1", undefined]]), []);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toMatchObject([{ kind: "camera-offline" }]);
    // An older stored report changes nothing; a newer one does.
    facts.merge(stored([["edge-1/cam-1", { state: "streaming", at: T - MIN }]]), []);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toHaveLength(1);
    facts.merge(stored([["edge-1/cam-1", { state: "streaming", at: T + MIN }]]), []);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toEqual([]);
    // Once the camera is gone from the database, so is what was observed about it.
    noteDeviceEvent(facts, "cameraStatus", status("failed", T + 2 * MIN), T);
    facts.merge(stored([]), []);
    expect(facts.conditionsFor(camera, T + 4 * MIN)).toEqual([]);
  });
});
