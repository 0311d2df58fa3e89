import { describe, expect, it } from "vitest";
import { hubAlertSchema, seatCurrentStateSchema, seatHistoryEventSchema } from "./entities.js";
import { examples } from "./examples.js";
import { seatChangeSchema, seatSnapshotSchema } from "./messages/seats.js";

describe("shared entities", () => {
  it("a seat's current state is a seat:snapshot entry, with since and confidence null before any report", () => {
    for (const entry of examples.seatSnapshot.seats) {
      expect(seatCurrentStateSchema.parse(entry)).toEqual(entry);
    }
    const never = { seat: "9Z", state: "unknown", since: null, confidence: null };
    expect(seatCurrentStateSchema.parse(never)).toEqual(never);
    expect(seatSnapshotSchema.shape.seats.element.safeParse(never).success).toBe(false);
    const iso = { ...never, since: "2025-03-01T09:00:00.000Z" };
    expect(seatCurrentStateSchema.safeParse(iso).success).toBe(false);
  });

  it("a seat history event has the seat:change message's names and units", () => {
    const change = examples.seatChange;
    const event = {
      id: change.id,
      seat: change.seat,
      from: change.from,
      to: change.to,
      at: change.at,
      ...(change.vacancyMs === undefined ? {} : { vacancyMs: change.vacancyMs }),
      ...(change.stayMs === undefined ? {} : { stayMs: change.stayMs }),
      confidence: change.confidence,
      device: "edge-1",
      camera: "cam-1",
    };
    expect(seatHistoryEventSchema.parse(event)).toEqual(event);
    // Every field but the address (which a live event carries beside `data`) comes from seatChange.
    const own = Object.keys(seatHistoryEventSchema.shape).filter((k) => k !== "device" && k !== "camera");
    expect(own.filter((k) => !(k in seatChangeSchema.shape))).toEqual([]);
    expect(seatHistoryEventSchema.safeParse({ ...event, at: new Date(event.at).toISOString() }).success).toBe(
      false,
    );
  });

  it("an alert carries epoch ms, with unset fields absent rather than null", () => {
    const open = {
      id: "0193a6c0-0000-7000-8000-000000000001",
      site: "gangnam-1",
      kind: "seat-held" as const,
      subject: "1A",
      since: 1_740_000_000_000,
      message: "Seat 1A held for 31 min",
      raisedAt: 1_740_001_860_000,
    };
    expect(hubAlertSchema.parse(open)).toEqual(open);
    const closed = { ...open, resolvedAt: open.raisedAt + 60_000, acknowledgedAt: open.raisedAt + 1 };
    expect(hubAlertSchema.parse({ ...closed, acknowledgedBy: "ops@example.com" }).resolvedAt).toBe(
      closed.resolvedAt,
    );
    expect(hubAlertSchema.safeParse({ ...open, resolvedAt: null }).success).toBe(false);
    expect(hubAlertSchema.safeParse({ ...open, since: "2025-02-19T21:20:00.000Z" }).success).toBe(false);
  });
});
