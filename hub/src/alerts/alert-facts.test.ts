import type { HubAlert } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { AlertFacts, type StoredSite } from "./alert-facts.js";
import { noteDeviceEvent } from "./alert-observations.js";
import { reconcile } from "./alert-rules.js";

const T = Date.UTC(2025, 10, 24, 9);
const MIN = 60_000;

function stored(over: Partial<StoredSite> = {}): StoredSite {
  return {
    thresholds: { heldMinutes: 30, vacantHours: 4 },
    seats: new Map([["1A", { state: "occupied", since: T - 45 * MIN }]]),
    cameras: new Map(),
    devices: new Map([["edge-1", { online: true, since: T - MIN }]]),
    ...over,
  };
}

function loaded(site = stored(), open: HubAlert[] = []): AlertFacts {
  const facts = new AlertFacts();
  facts.merge(new Map([["s", site]]), open);
  return facts;
}

const seat = { site: "s", family: "seat" as const, subject: "1A" };

describe("AlertFacts", () => {
  it("follows seat reports for configured seats only, and never moves a seat back in time", () => {
    const facts = loaded();
    expect(facts.noteSeat("s", "9Z", "held", T)).toBeUndefined();
    expect(facts.noteSeat("s", "1A", "held", T - 40 * MIN)).toEqual(seat);
    expect(facts.noteSeat("s", "1A", "empty", T - 41 * MIN)).toBeUndefined();
    expect(facts.conditionsFor(seat, T)).toMatchObject([{ kind: "seat-held", since: T - 40 * MIN }]);
  });

  it("keeps a newer observation over older database state, and takes newer database state", () => {
    const facts = loaded();
    facts.noteSeat("s", "1A", "held", T - 40 * MIN);
    facts.merge(new Map([["s", stored()]]), []);
    expect(facts.conditionsFor(seat, T)).toHaveLength(1);
    const freed = stored({ seats: new Map([["1A", { state: "occupied", since: T - MIN }]]) });
    facts.merge(new Map([["s", freed]]), []);
    expect(facts.conditionsFor(seat, T)).toEqual([]);
  });

  it("uses the site's thresholds from the database", () => {
    const site = stored({
      thresholds: { heldMinutes: 1, vacantHours: 4 },
      seats: new Map([["1A", { state: "held", since: T - 2 * MIN }]]),
    });
    expect(loaded(site).allConditions(T)).toMatchObject([{ kind: "seat-held", subject: "1A" }]);
  });

  it("records a device's state change time, not every heartbeat", () => {
    const facts = loaded();
    const device = { site: "s", family: "device" as const, subject: "edge-1" };
    expect(facts.noteDevice("s", "edge-1", true, T)).toBeUndefined();
    expect(facts.noteDevice("s", "edge-1", false, T + MIN)).toEqual(device);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toMatchObject([
      { kind: "device-offline", since: T + MIN },
    ]);
    // A database row written before the device went away does not bring it back online.
    facts.merge(new Map([["s", stored()]]), []);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toHaveLength(1);
  });

  it("keeps what it observed for a device or camera the database has not stored a state for yet", () => {
    // The device exists but has never been seen (last_seen_at null): its first report is only in memory
    // until the batch writer flushes it, and a tick in between must not forget it.
    const facts = loaded(
      stored({ devices: new Map([["edge-1", undefined]]), cameras: new Map([["edge-1/cam-1", undefined]]) }),
    );
    const device = { site: "s", family: "device" as const, subject: "edge-1" };
    const camera = { site: "s", family: "camera" as const, subject: "edge-1/cam-1" };
    facts.noteDevice("s", "edge-1", false, T);
    facts.noteCamera("s", "edge-1", "cam-1", "failed", T, "refused");
    facts.merge(
      new Map([
        [
          "s",
          stored({
            devices: new Map([["edge-1", undefined]]),
            cameras: new Map([["edge-1/cam-1", undefined]]),
          }),
        ],
      ]),
      [],
    );
    expect(facts.conditionsFor(device, T + 2 * MIN)).toMatchObject([{ kind: "device-offline" }]);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toMatchObject([{ kind: "camera-offline" }]);
    // Once the device is gone from the database, so is what was observed about it.
    facts.merge(new Map([["s", stored({ devices: new Map(), cameras: new Map() })]]), []);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toEqual([]);
    expect(facts.conditionsFor(camera, T + 2 * MIN)).toEqual([]);
  });

  it("drops subjects the database no longer has, so their alerts resolve", () => {
    const open: HubAlert = {
      id: "a1",
      site: "s",
      kind: "seat-held",
      subject: "1A",
      since: T,
      raisedAt: T,
      message: "m",
    };
    const facts = loaded(stored({ seats: new Map([["1A", { state: "held", since: T - 40 * MIN }]]) }), [
      open,
    ]);
    expect(reconcile(facts.allConditions(T), facts.allOpen())).toEqual({ raise: [], resolve: [] });
    facts.merge(new Map([["s", stored({ seats: new Map() })]]), [open]);
    expect(reconcile(facts.allConditions(T), facts.allOpen())).toEqual({ raise: [], resolve: [open] });
    facts.merge(new Map(), [open]);
    expect(facts.allConditions(T)).toEqual([]);
  });

  it("turns device events into fact updates and ignores kinds alerts do not use", () => {
    const facts = loaded();
    const base = { v: 1 as const, id: "x", seq: 1, ts: T };
    const change = { ...base, seat: "1A", from: "occupied", to: "held", at: T - 40 * MIN } as never;
    expect(noteDeviceEvent(facts, "seatChange", { site: "s", device: "edge-1", data: change }, T)).toEqual([
      seat,
    ]);
    const status = { ...base, state: "failed", reason: "refused" } as never;
    const camera = { site: "s", device: "edge-1", camera: "cam-1", data: status };
    expect(noteDeviceEvent(facts, "cameraStatus", camera, T)).toEqual([
      { site: "s", family: "camera", subject: "edge-1/cam-1" },
    ]);
    const offline = { v: 1 as const, state: "offline" as const, ts: T - 60 * MIN };
    const refs = noteDeviceEvent(facts, "availability", { site: "s", device: "edge-1", data: offline }, T);
    expect(refs).toEqual([{ site: "s", family: "device", subject: "edge-1" }]);
    expect(facts.conditionsFor(refs[0] as never, T)).toMatchObject([{ since: T }]);
    expect(
      noteDeviceEvent(facts, "gateEntry", { site: "s", device: "edge-1", data: base as never }, T),
    ).toEqual([]);
  });
});
