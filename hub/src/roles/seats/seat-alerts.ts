import type { SeatState } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import type { AlertFamily, AlertSettings } from "../../alerts/alert-family.js";
import type { Condition } from "../../alerts/alert-rules.js";
import type { Db } from "../../db/client.js";
import { seatStatus, seats } from "../../db/schema/index.js";

export interface SeatFact {
  state: SeatState;
  since: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function seatConditions(
  site: string,
  seat: string,
  fact: SeatFact,
  settings: AlertSettings,
  now: number,
): Condition[] {
  const lasted = now - fact.since;
  if (fact.state === "held" && lasted > settings.heldMinutes * MINUTE) {
    const message = `Seat ${seat} has been held for more than ${settings.heldMinutes} min`;
    return [{ site, kind: "seat-held", subject: seat, since: fact.since, message }];
  }
  if (fact.state === "empty" && lasted > settings.vacantHours * HOUR) {
    const message = `Seat ${seat} has been empty for more than ${settings.vacantHours} h`;
    return [{ site, kind: "seat-vacant", subject: seat, since: fact.since, message }];
  }
  return [];
}

/**
 * Active seats, held or vacant too long by the site's settings. Only configured seats count: a report
 * for a seat the hub has no configuration for is ignored, and a report older than the known state too.
 * A seat's alert belongs to one stretch of held or empty (episodic).
 */
export const seatAlerts: AlertFamily<SeatFact, SeatFact> = {
  name: "seat",
  kinds: ["seat-held", "seat-vacant"],
  observe: {
    seatChange: ({ site, data: m }) => [{ site, subject: m.seat, update: { state: m.to, since: m.at } }],
    seatSnapshot: ({ site, data: m }) =>
      m.seats.map((s) => ({ site, subject: s.seat, update: { state: s.state, since: s.since } })),
  },
  note: (known, update) => (known && update.since < known.since ? undefined : update),
  knownOnly: true,
  async load(db: Db) {
    const rows = await db
      .select({ site: seats.siteId, seat: seats.id, state: seatStatus.state, since: seatStatus.since })
      .from(seats)
      .leftJoin(seatStatus, and(eq(seatStatus.siteId, seats.siteId), eq(seatStatus.seatId, seats.id)))
      .where(eq(seats.active, true));
    return rows.map((r) => ({
      site: r.site,
      subject: r.seat,
      stored: r.state && r.since ? { state: r.state, since: r.since.getTime() } : undefined,
    }));
  },
  merge: (known, stored) => (known && (!stored || stored.since <= known.since) ? known : stored),
  conditions: ({ site, subject, settings, now }, fact) => seatConditions(site, subject, fact, settings, now),
  episodic: true,
};
