import type { SeatChange, SeatSnapshot } from "@sitewatch/shared-protocol";
import type { Db } from "../../db/client.js";
import { seatStatus } from "../../db/schema/index.js";
import { DONE, type HandlerContext } from "../../ingest/handlers/context.js";
import type { IngestModule, MessageAddr } from "../../ingest/ingest-module.js";
import { type KnownSeatState, previousStateDuration, rollUpTransition } from "./occupancy-rollup.js";
import { FROZEN_AHEAD_MS, seatEventsSink, seatStatusSink } from "./seat-sinks.js";

const seatKey = (site: string, seat: string) => `${site}/${seat}`;

/**
 * Seat changes and snapshots. Keeps, per seat, the state the hub last accepted and when it began (the
 * "seat clock"), which is one witness for how long the previous state lasted; it is loaded from
 * seat_status at start so a restarted hub carries on where the database left off.
 */
class SeatHandlers {
  private readonly clock = new Map<string, KnownSeatState>();

  constructor(private readonly ctx: HandlerContext) {}

  async hydrate(db: Db): Promise<void> {
    const rows = await db
      .select({
        site: seatStatus.siteId,
        seat: seatStatus.seatId,
        state: seatStatus.state,
        since: seatStatus.since,
      })
      .from(seatStatus);
    const limit = Date.now() + FROZEN_AHEAD_MS;
    for (const r of rows) {
      // A time no accepted event can carry: let the next real event set the seat (see the sink).
      if (r.since.getTime() > limit) continue;
      this.clock.set(seatKey(r.site, r.seat), { state: r.state, since: r.since.getTime() });
    }
  }

  /** `receivedAt` is when the message reached this hub (before admission), for the latency figures. */
  change(addr: MessageAddr, m: SeatChange, receivedAt = Date.now()): Promise<void> {
    // Only stamped changes: the same population for capture → hub and hub → dashboard (broadcast
    // happened just before this handler runs).
    if (m.capturedAt !== undefined) {
      this.ctx.latency?.observeCapture(addr.site, addr.device, m.capturedAt, receivedAt);
      this.ctx.latency?.observeEmit(receivedAt, Date.now());
    }
    const key = seatKey(addr.site, m.seat);
    const known = this.clock.get(key);
    const transition = {
      siteId: addr.site,
      seatId: m.seat,
      from: m.from,
      to: m.to,
      at: m.at,
      vacancyMs: m.vacancyMs,
      stayMs: m.stayMs,
    };
    const deltas = rollUpTransition(transition, previousStateDuration(transition, known));
    // A late event (older than what the hub already has) must not move the clock back.
    if (!known || m.at >= known.since) this.clock.set(key, { state: m.to, since: m.at });
    return this.ctx.writer.accept(seatEventsSink, {
      event: {
        id: m.id,
        siteId: addr.site,
        deviceId: addr.device,
        cameraId: addr.camera,
        seatId: m.seat,
        fromState: m.from,
        toState: m.to,
        at: new Date(m.at),
        vacancyMs: m.vacancyMs ?? null,
        stayMs: m.stayMs ?? null,
        confidence: m.confidence,
        evidence: m.evidence,
        seq: m.seq,
      },
      deltas,
    });
  }

  /** A snapshot restates every seat of a camera; it only fills in or moves seats forward. */
  snapshot(addr: MessageAddr, m: SeatSnapshot): Promise<void> {
    const rows: Promise<void>[] = [];
    for (const seat of m.seats) {
      const key = seatKey(addr.site, seat.seat);
      const known = this.clock.get(key);
      if (!known || seat.since > known.since) this.clock.set(key, { state: seat.state, since: seat.since });
      rows.push(
        this.ctx.writer.accept(seatStatusSink, {
          siteId: addr.site,
          seatId: seat.seat,
          state: seat.state,
          since: new Date(seat.since),
          confidence: seat.confidence,
          evidence: null,
          lastEventId: null,
        }),
      );
    }
    return rows.length === 0 ? DONE : Promise.all(rows).then(() => undefined);
  }
}

/** The seats role's share of ingest: seat_events (with statistics and state) and seat_status. */
export const seatsIngest: IngestModule<"seatChange" | "seatSnapshot"> = {
  name: "seats",
  kinds: ["seatChange", "seatSnapshot"],
  sinks: [seatEventsSink, seatStatusSink],
  // Nearly all the volume: the change statement advances devices.last_seq itself (seat-sinks.ts).
  sequenceInRow: ["seatChange"],
  create(ctx) {
    const h = new SeatHandlers(ctx);
    return {
      handlers: {
        seatChange: (addr, m, receivedAt) => h.change(addr, m, receivedAt),
        seatSnapshot: (addr, m) => h.snapshot(addr, m),
      },
      hydrate: (db) => h.hydrate(db),
    };
  },
};
