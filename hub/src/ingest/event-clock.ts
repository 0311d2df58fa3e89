import { type DecodedMessage, type MessageKind, messages } from "@sitewatch/shared-protocol";

/** 2020-01-01T00:00:00Z: no Sitewatch device existed before it, so an earlier time is an unset clock. */
export const EVENT_TIME_FLOOR_MS = Date.UTC(2020, 0, 1);
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface EventClockOptions {
  /** How far an event time may lie in the hub's future (device clock ahead of the hub's). */
  maxSkewMs?: number;
  /**
   * How old the times of a non-retained event may be. Unset: only the absolute floor applies, so a
   * device's store-and-forward backlog is accepted however long the outage lasted.
   */
  maxAgeMs?: number;
  /** Earliest acceptable time; default 2020-01-01. */
  floorMs?: number;
}

/** Why an event was refused: which field, what it said and which side of the window it fell. */
export interface ClockViolation {
  field: string;
  value: number;
  direction: "future" | "past";
  reason: string;
}

type Times = (message: Record<string, unknown>) => Iterable<[string, unknown]>;

const top =
  (...fields: string[]): Times =>
  (m) =>
    fields.map((f) => [f, m[f]] as [string, unknown]);

// The time fields of every device-to-hub message. A kind missing here has no time to check (commands
// travel the other way and never reach admission as events).
const TIME_FIELDS: Partial<Record<MessageKind, Times>> = {
  availability: top("ts"),
  health: top("ts"),
  commandAck: top("ts"),
  cameraStatus: top("ts"),
  seatChange: top("ts", "at", "capturedAt"),
  seatSnapshot: function* (m) {
    yield ["ts", m.ts];
    const seats = Array.isArray(m.seats) ? (m.seats as { since?: unknown }[]) : [];
    for (const [i, seat] of seats.entries()) yield [`seats.${i}.since`, seat.since];
  },
  gateEntry: top("ts", "at"),
  gateCrop: top("ts"),
  gateActivity: top("ts"),
  attentionChange: top("ts", "at"),
  attentionAlert: top("ts", "since"),
  segmentReady: top("ts", "startedAt"),
  liveFrame: top("ts"),
  snapshot: top("ts"),
};

/**
 * Bounds the times devices put in events by the hub's clock. One event stamped years ahead would
 * otherwise become a seat's "since", and every later, correct event would look older and never move it;
 * the protocol only bounds times by what a database can hold, the hub bounds them by plausibility.
 */
export class EventClock {
  readonly maxSkewMs: number;
  readonly maxAgeMs: number | undefined;
  readonly floorMs: number;

  constructor(
    options: EventClockOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
    this.maxAgeMs = options.maxAgeMs;
    this.floorMs = options.floorMs ?? EVENT_TIME_FLOOR_MS;
  }

  /** The first time field outside the accepted window, or null when every one is inside it. */
  check(decoded: Pick<DecodedMessage, "kind" | "message">, now = this.now()): ClockViolation | null {
    const fields = TIME_FIELDS[decoded.kind];
    if (!fields) return null;
    const latest = now + this.maxSkewMs;
    // Retained messages are restated long after they were true (a will set at connect time, a seat
    // empty since last month), so only the absolute floor applies to them.
    const aged = this.maxAgeMs !== undefined && !messages[decoded.kind].retained;
    const earliest = aged ? Math.max(this.floorMs, now - (this.maxAgeMs as number)) : this.floorMs;
    for (const [field, value] of fields(decoded.message as Record<string, unknown>)) {
      if (typeof value !== "number") continue;
      if (value > latest) {
        const ahead = Math.round((value - now) / 1000);
        return {
          field,
          value,
          direction: "future",
          reason: `${field} is ${ahead} s ahead of the hub's clock`,
        };
      }
      if (value < earliest) {
        const iso = new Date(value).toISOString();
        return { field, value, direction: "past", reason: `${field} (${iso}) is older than the hub accepts` };
      }
    }
    return null;
  }
}
