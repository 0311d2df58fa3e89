import type { HubAlert } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { AlertFacts, type StoredSite } from "./alert-facts.js";
import type { AnyAlertFamily } from "./alert-family.js";
import { type ProbeFact, probeFamily } from "./alert-family.test-support.js";
import { noteDeviceEvent, observedKinds } from "./alert-observations.js";

const T = Date.UTC(2025, 10, 24, 9);
const settings = { heldMinutes: 7, vacantHours: 4 };
const probe = probeFamily();
const gate = { site: "s", family: "probe", subject: "gate-cam" };

const stored = (subjects: Array<[string, ProbeFact | undefined]>): Map<string, StoredSite> =>
  new Map([["s", { settings, families: new Map([["probe", new Map(subjects)]]) }]]);

const entry = (confidence: number, camera: string | undefined = "gate-cam") => ({
  site: "s",
  device: "edge-1",
  camera,
  data: { confidence, at: T } as never,
});

describe("AlertFacts with any family", () => {
  it("creates a subject on its first report, at a site not loaded yet, with default settings", () => {
    const facts = new AlertFacts([probe]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2), T)).toEqual([gate]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2), T)).toEqual([]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2, undefined), T)).toEqual([]);
    expect(facts.conditionsFor(gate, T + 1)).toEqual([
      {
        site: "s",
        kind: "device-offline",
        subject: "gate-cam",
        since: T,
        message: "Gate gate-cam read at 0.2 (30 min, 1 ms)",
      },
    ]);
  });

  it("takes reports only for subjects the database lists when the family says knownOnly", () => {
    const facts = new AlertFacts([{ ...probe, knownOnly: true } as AnyAlertFamily]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2), T)).toEqual([]);
    facts.merge(stored([["gate-cam", undefined]]), []);
    expect(facts.allConditions(T)).toEqual([]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2, "other-cam"), T)).toEqual([]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2), T)).toEqual([gate]);
    expect(facts.allConditions(T)).toMatchObject([
      { subject: "gate-cam", message: expect.stringContaining("7 min") },
    ]);
  });

  it("merges by the family's rule and drops subjects and sites the database no longer has", () => {
    const facts = new AlertFacts([probe]);
    noteDeviceEvent(facts, "gateEntry", entry(0.2), T);
    // Nothing stored: the probe keeps what it observed; stored state wins otherwise.
    facts.merge(stored([["gate-cam", undefined]]), []);
    expect(facts.conditionsFor(gate, T)).toHaveLength(1);
    facts.merge(stored([["gate-cam", { level: 0.9, at: T }]]), []);
    expect(facts.conditionsFor(gate, T)).toEqual([]);
    noteDeviceEvent(facts, "gateEntry", entry(0.1), T);
    facts.merge(stored([]), []);
    expect(facts.allConditions(T)).toEqual([]);
    noteDeviceEvent(facts, "gateEntry", entry(0.1), T);
    facts.merge(new Map(), []);
    expect(facts.allConditions(T)).toEqual([]);
  });

  it("finds a subject's open alerts by the kinds of its family", () => {
    const alert = (kind: HubAlert["kind"], subject: string): HubAlert => ({
      id: `${kind} ${subject}`,
      site: "s",
      kind,
      subject,
      since: T,
      raisedAt: T,
      message: "m",
    });
    const facts = new AlertFacts([probe, { ...probeFamily("seat-held"), name: "other" } as AnyAlertFamily]);
    const open = [
      alert("device-offline", "gate-cam"),
      alert("seat-held", "gate-cam"),
      alert("device-offline", "x"),
    ];
    facts.merge(new Map(), open);
    expect(facts.openFor(gate)).toEqual([open[0]]);
    expect(facts.allOpen()).toEqual(open);
    facts.dropOpen({ ...open[0], id: "another id" } as HubAlert);
    expect(facts.openFor(gate)).toEqual([open[0]]);
    facts.dropOpen(open[0] as HubAlert);
    expect(facts.openFor(gate)).toEqual([]);
  });

  it("subscribes to the event kinds its families read, and hands an event to each of them", () => {
    const other = { ...probeFamily("seat-held"), name: "other" } as AnyAlertFamily;
    const facts = new AlertFacts([probe, other]);
    expect(observedKinds(facts)).toEqual(["gateEntry"]);
    expect(noteDeviceEvent(facts, "gateEntry", entry(0.2), T)).toEqual([gate, { ...gate, family: "other" }]);
    expect(
      noteDeviceEvent(facts, "seatChange", { site: "s", device: "edge-1", data: {} as never }, T),
    ).toEqual([]);
  });
});
