import type { AlertKind } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { type Condition, type OpenAlert, reconcile as reconcileWith } from "./alert-rules.js";

const T = Date.UTC(2025, 10, 24, 9); // a fixed clock: 09:00 UTC
const MIN = 60_000;
// As the seat family registers them: its alerts belong to one stretch of a state.
const episodic = new Set<AlertKind>(["seat-held", "seat-vacant"]);
const reconcile = (conditions: Condition[], open: OpenAlert[]) => reconcileWith(conditions, open, episodic);

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
    // Only because the kind is registered as episodic: otherwise the open alert simply goes on.
    expect(reconcileWith([condition({ since: T + 10 * MIN })], [open({})], new Set())).toEqual({
      raise: [],
      resolve: [],
    });
  });

  it("matches camera and device outages by subject, since their start is re-derived after a restart", () => {
    const camera = { kind: "camera-offline" as const, subject: "edge-1/cam-1" };
    expect(reconcile([condition({ ...camera, since: T + MIN })], [open(camera)])).toEqual({
      raise: [],
      resolve: [],
    });
  });
});
