import { describe, expect, it } from "vitest";
import { AlertFacts, type StoredSite } from "./alert-facts.js";
import { noteDeviceEvent } from "./alert-observations.js";
import { type DeviceFact, deviceAlerts, deviceConditions } from "./device-alerts.js";

const T = Date.UTC(2025, 10, 24, 9); // a fixed clock: 09:00 UTC
const MIN = 60_000;

/** Site "s" as the database has it: its active devices that have been seen. */
const stored = (devices: Array<[string, DeviceFact | undefined]>): Map<string, StoredSite> =>
  new Map([
    [
      "s",
      { settings: { heldMinutes: 30, vacantHours: 4 }, families: new Map([["device", new Map(devices)]]) },
    ],
  ]);

function loaded(devices: Array<[string, DeviceFact | undefined]>): AlertFacts {
  const facts = new AlertFacts([deviceAlerts]);
  facts.merge(stored(devices), []);
  return facts;
}

const device = { site: "s", family: "device", subject: "edge-1" };
const availability = (state: "online" | "offline") => ({
  site: "s",
  device: "edge-1",
  data: { v: 1 as const, state, ts: T - 60 * MIN },
});

describe("device rules", () => {
  it("raises device-offline at once and nothing while online", () => {
    expect(deviceConditions("s", "edge-1", { online: false, since: T })).toMatchObject([
      { kind: "device-offline", subject: "edge-1", since: T },
    ]);
    expect(deviceConditions("s", "edge-1", { online: true, since: T })).toEqual([]);
  });
});

describe("device facts", () => {
  it("records a device's state change time by the hub's clock, not every heartbeat", () => {
    const facts = loaded([["edge-1", { online: true, since: T - MIN }]]);
    expect(noteDeviceEvent(facts, "availability", availability("online"), T)).toEqual([]);
    // The will carries the connect time; the device went away when the hub heard of it.
    expect(noteDeviceEvent(facts, "availability", availability("offline"), T + MIN)).toEqual([device]);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toMatchObject([
      { kind: "device-offline", since: T + MIN },
    ]);
    // A database row written before the device went away does not bring it back online.
    facts.merge(stored([["edge-1", { online: true, since: T - MIN }]]), []);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toHaveLength(1);
    // A newer row that says online (another instance saw it come back) does.
    facts.merge(stored([["edge-1", { online: true, since: T + 2 * MIN }]]), []);
    expect(facts.conditionsFor(device, T + 3 * MIN)).toEqual([]);
  });

  it("takes a heartbeat as proof the device is connected, whatever an earlier will said", () => {
    const facts = loaded([["edge-1", { online: false, since: T - MIN }]]);
    const health = { site: "s", device: "edge-1", data: {} as never };
    expect(noteDeviceEvent(facts, "health", health, T)).toEqual([device]);
    expect(facts.conditionsFor(device, T + MIN)).toEqual([]);
    expect(noteDeviceEvent(facts, "health", health, T + MIN)).toEqual([]);
  });

  it("keeps what it observed for a device the database has not stored a state for yet", () => {
    // The device exists but has never been seen (last_seen_at null): its first report is only in memory
    // until the batch writer flushes it, and a tick in between must not forget it.
    const facts = loaded([["edge-1", undefined]]);
    noteDeviceEvent(facts, "availability", availability("offline"), T);
    facts.merge(stored([["edge-1", undefined]]), []);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toMatchObject([{ kind: "device-offline" }]);
    // Once the device is gone from the database, so is what was observed about it.
    facts.merge(stored([]), []);
    expect(facts.conditionsFor(device, T + 2 * MIN)).toEqual([]);
  });
});
