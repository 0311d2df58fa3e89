import { decodeMessage, type SeatChange, type SeatSnapshot } from "@sitewatch/shared-protocol";

/** A seat's state as a subscriber holds it: `state@since`, so a wrong time fails as well as a wrong state. */
export type SeatView = Record<string, string>;

export interface SeatStream {
  /** Each change once (deduplicated by id), in device order (seq). */
  changes: SeatChange[];
  /** Each checkpoint once, in device order; `retained` when the broker handed it over as retained. */
  checkpoints: (SeatSnapshot & { retained: boolean })[];
  /** Seat messages that arrived more than once (QoS 1 resends after a reconnect). */
  duplicates: number;
}

/** The seat messages among what an MQTT subscriber received, as docs/protocol.md tells it to read them. */
export function seatStream(received: readonly { topic: string; payload: Buffer; retain: boolean }[]) {
  const seen = new Set<string>();
  const stream: SeatStream = { changes: [], checkpoints: [], duplicates: 0 };
  for (const m of received) {
    const d = decodeMessage(m.topic, m.payload);
    if (!d.ok || (d.kind !== "seatChange" && d.kind !== "seatSnapshot")) continue;
    if (seen.has(d.message.id)) {
      stream.duplicates += 1;
      continue;
    }
    seen.add(d.message.id);
    if (d.kind === "seatChange") stream.changes.push(d.message as SeatChange);
    else stream.checkpoints.push({ ...(d.message as SeatSnapshot), retained: m.retain });
  }
  stream.changes.sort((a, b) => a.seq - b.seq);
  stream.checkpoints.sort((a, b) => a.seq - b.seq);
  return stream;
}

/** Every seat of a checkpoint. */
export function viewOf(checkpoint: Pick<SeatSnapshot, "seats">): SeatView {
  return Object.fromEntries(checkpoint.seats.map((s) => [s.seat, `${s.state}@${s.since}`]));
}

/** A checkpoint, then every change with a greater seq up to `upToSeq`: what a subscriber believes then. */
export function rebuild(checkpoint: SeatSnapshot, changes: readonly SeatChange[], upToSeq: number): SeatView {
  const view = viewOf(checkpoint);
  for (const c of changes) if (c.seq > checkpoint.seq && c.seq <= upToSeq) view[c.seat] = `${c.to}@${c.at}`;
  return view;
}
