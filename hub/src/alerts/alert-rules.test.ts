import { describe, expect, it } from "vitest";
import {
  CAMERA_OFFLINE_GRACE_MS,
  type Condition,
  cameraConditions,
  deviceConditions,
  nextCameraFact,
  type OpenAlert,
  reconcile,
  seatConditions,
} from "./alert-rules.js";

const T = Date.UTC(2025, 10, 24, 9); // a fixed clock: 09:00 UTC
const MIN = 60_000;
const thresholds = { heldMinutes: 30, vacantHours: 4 };

describe("seat rules", () => {
  it("raises seat-held only once the seat was held longer than the site's minutes", () => {
    const held = { state: "held" as const, since: T - 30 * MIN };
    expect(seatConditions("s", "1A", held, thresholds, T)).toEqual([]);
    expect(seatConditions("s", "1A", held, thresholds, T + 1)).toEqual([
      {
        site: "s",
        kind: "seat-held",
        subject: "1A",
        since: T - 30 * MIN,
        message: "Seat 1A has been held for more than 30 min",
      },
    ]);
    expect(seatConditions("s", "1A", held, { ...thresholds, heldMinutes: 45 }, T + 1)).toEqual([]);
  });

  it("raises seat-vacant after the site's hours of emptiness", () => {
    const empty = { state: "empty" as const, since: T - 4 * 60 * MIN };
    expect(seatConditions("s", "2B", empty, thresholds, T)).toEqual([]);
    expect(seatConditions("s", "2B", empty, thresholds, T + MIN)).toMatchObject([
      { kind: "seat-vacant", subject: "2B", since: empty.since },
    ]);
    expect(seatConditions("s", "2B", empty, { ...thresholds, vacantHours: 1 }, T)).toHaveLength(1);
  });

  it("never alerts for occupied or unknown seats, however long", () => {
    for (const state of ["occupied", "unknown"] as const)
      expect(seatConditions("s", "1A", { state, since: T - 48 * 60 * MIN }, thresholds, T)).toEqual([]);
  });
});

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

describe("device rules", () => {
  it("raises device-offline at once and nothing while online", () => {
    expect(deviceConditions("s", "edge-1", { online: false, since: T })).toMatchObject([
      { kind: "device-offline", subject: "edge-1", since: T },
    ]);
    expect(deviceConditions("s", "edge-1", { online: true, since: T })).toEqual([]);
  });
});

describe("reconcile", () => {
  const condition = (over: Partial<Condition>): Condition => ({
    site: "s",
    kind: "seat-held",
    subject: "1A",
    since: T,
    message: "m",
    ...over,
  });
  const open = (over: Partial<OpenAlert>): OpenAlert => ({
    id: "a1",
    site: "s",
    kind: "seat-held",
    subject: "1A",
    since: T,
    ...over,
  });

  it("raises what is not open, resolves what no longer holds, and leaves the rest alone", () => {
    const result = reconcile(
      [condition({}), condition({ kind: "device-offline", subject: "edge-1" })],
      [open({}), open({ id: "a2", kind: "camera-offline", subject: "edge-1/cam-1" })],
    );
    expect(result.raise).toEqual([condition({ kind: "device-offline", subject: "edge-1" })]);
    expect(result.resolve).toEqual([open({ id: "a2", kind: "camera-offline", subject: "edge-1/cam-1" })]);
  });

  it("never raises a second alert for a condition that is already open", () => {
    expect(reconcile([condition({}), condition({})], [open({})])).toEqual({ raise: [], resolve: [] });
  });

  it("keeps sites apart", () => {
    const result = reconcile([condition({ site: "other" })], [open({})]);
    expect(result.raise).toEqual([condition({ site: "other" })]);
    expect(result.resolve).toEqual([open({})]);
  });

  it("replaces a seat alert when the seat was freed and taken again in between", () => {
    const result = reconcile([condition({ since: T + 10 * MIN })], [open({})]);
    expect(result.resolve).toEqual([open({})]);
    expect(result.raise).toEqual([condition({ since: T + 10 * MIN })]);
  });

  it("matches camera and device outages by subject, since their start is re-derived after a restart", () => {
    const camera = { kind: "camera-offline" as const, subject: "edge-1/cam-1" };
    expect(reconcile([condition({ ...camera, since: T + MIN })], [open(camera)])).toEqual({
      raise: [],
      resolve: [],
    });
  });
});
