import type { HubAlert } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { AlertFacts, type StoredSite } from "../../alerts/alert-facts.js";
import { type AlertSettings, episodicKinds } from "../../alerts/alert-family.js";
import { noteDeviceEvent } from "../../alerts/alert-observations.js";
import { reconcile } from "../../alerts/alert-rules.js";
import { type SeatFact, seatAlerts, seatConditions } from "./seat-alerts.js";

const T = Date.UTC(2025, 10, 24, 9); // a fixed clock: 09:00 UTC
const MIN = 60_000;
const settings: AlertSettings = { heldMinutes: 30, vacantHours: 4 };

/** Site "s" as the database has it: its settings and its active seats. */
function stored(
  seats: Array<[string, SeatFact | undefined]> = [["1A", { state: "occupied", since: T - 45 * MIN }]],
  siteSettings = settings,
): Map<string, StoredSite> {
  return new Map([["s", { settings: siteSettings, families: new Map([["seat", new Map(seats)]]) }]]);
}

function loaded(site = stored(), open: HubAlert[] = []): AlertFacts {
  const facts = new AlertFacts([seatAlerts]);
  facts.merge(site, open);
  return facts;
}

const seat = { site: "s", family: "seat", subject: "1A" };
const note = (facts: AlertFacts, subject: string, state: SeatFact["state"], since: number) =>
  facts.note(seatAlerts, "s", subject, { state, since });

describe("seat rules", () => {
  it("raises seat-held only once the seat was held longer than the site's minutes", () => {
    const held = { state: "held" as const, since: T - 30 * MIN };
    expect(seatConditions("s", "1A", held, settings, T)).toEqual([]);
    expect(seatConditions("s", "1A", held, settings, T + 1)).toEqual([
      {
        site: "s",
        kind: "seat-held",
        subject: "1A",
        since: T - 30 * MIN,
        message: "Seat 1A has been held for more than 30 min",
      },
    ]);
    expect(seatConditions("s", "1A", held, { ...settings, heldMinutes: 45 }, T + 1)).toEqual([]);
  });

  it("raises seat-vacant after the site's hours of emptiness", () => {
    const empty = { state: "empty" as const, since: T - 4 * 60 * MIN };
    expect(seatConditions("s", "2B", empty, settings, T)).toEqual([]);
    expect(seatConditions("s", "2B", empty, settings, T + MIN)).toMatchObject([
      { kind: "seat-vacant", subject: "2B", since: empty.since },
    ]);
    expect(seatConditions("s", "2B", empty, { ...settings, vacantHours: 1 }, T)).toHaveLength(1);
  });

  it("never alerts for occupied or unknown seats, however long", () => {
    for (const state of ["occupied", "unknown"] as const)
      expect(seatConditions("s", "1A", { state, since: T - 48 * 60 * MIN }, settings, T)).toEqual([]);
  });

  it("registers its alerts as episodic: a seat freed and taken again is a new alert", () => {
    expect([...episodicKinds([seatAlerts])]).toEqual(["seat-held", "seat-vacant"]);
  });
});

describe("seat facts", () => {
  it("follows seat reports for configured seats only, and never moves a seat back in time", () => {
    const facts = loaded();
    expect(note(facts, "9Z", "held", T)).toBeUndefined();
    expect(note(facts, "1A", "held", T - 40 * MIN)).toEqual(seat);
    expect(note(facts, "1A", "empty", T - 41 * MIN)).toBeUndefined();
    expect(facts.conditionsFor(seat, T)).toMatchObject([{ kind: "seat-held", since: T - 40 * MIN }]);
  });

  it("takes reports for a configured seat whose state is not stored yet", () => {
    const facts = loaded(stored([["1A", undefined]]));
    expect(facts.conditionsFor(seat, T)).toEqual([]);
    expect(note(facts, "1A", "held", T - 40 * MIN)).toEqual(seat);
    expect(facts.conditionsFor(seat, T)).toMatchObject([{ kind: "seat-held" }]);
  });

  it("keeps a newer observation over older database state, and takes newer database state", () => {
    const facts = loaded();
    note(facts, "1A", "held", T - 40 * MIN);
    facts.merge(stored(), []);
    expect(facts.conditionsFor(seat, T)).toHaveLength(1);
    facts.merge(stored([["1A", { state: "occupied", since: T - MIN }]]), []);
    expect(facts.conditionsFor(seat, T)).toEqual([]);
  });

  it("uses the site's settings from the database", () => {
    const site = stored([["1A", { state: "held", since: T - 2 * MIN }]], { heldMinutes: 1, vacantHours: 4 });
    expect(loaded(site).allConditions(T)).toMatchObject([{ kind: "seat-held", subject: "1A" }]);
  });

  it("drops seats the database no longer has, so their alerts resolve", () => {
    const open: HubAlert = {
      id: "a1",
      site: "s",
      kind: "seat-held",
      subject: "1A",
      since: T,
      raisedAt: T,
      message: "m",
    };
    const episodic = episodicKinds([seatAlerts]);
    const facts = loaded(stored([["1A", { state: "held", since: T - 40 * MIN }]]), [open]);
    expect(reconcile(facts.allConditions(T), facts.allOpen(), episodic)).toEqual({ raise: [], resolve: [] });
    facts.merge(stored([]), [open]);
    expect(reconcile(facts.allConditions(T), facts.allOpen(), episodic)).toEqual({
      raise: [],
      resolve: [open],
    });
    facts.merge(new Map(), [open]);
    expect(facts.allConditions(T)).toEqual([]);
  });

  it("reads seat changes and snapshots", () => {
    const facts = loaded(
      stored([
        ["1A", undefined],
        ["1B", undefined],
      ]),
    );
    const base = { v: 1 as const, id: "x", seq: 1, ts: T };
    const change = { ...base, seat: "1A", from: "occupied", to: "held", at: T - 40 * MIN } as never;
    expect(noteDeviceEvent(facts, "seatChange", { site: "s", device: "edge-1", data: change }, T)).toEqual([
      seat,
    ]);
    const seats = [
      { seat: "1B", state: "empty", since: T - 5 * 60 * MIN, confidence: 0.9 },
      { seat: "9Z", state: "held", since: T - 40 * MIN, confidence: 0.9 },
    ];
    const snapshot = { site: "s", device: "edge-1", camera: "cam-1", data: { ...base, seats } as never };
    expect(noteDeviceEvent(facts, "seatSnapshot", snapshot, T)).toEqual([{ ...seat, subject: "1B" }]);
    expect(facts.allConditions(T).map((c) => `${c.kind} ${c.subject}`)).toEqual([
      "seat-held 1A",
      "seat-vacant 1B",
    ]);
  });
});
