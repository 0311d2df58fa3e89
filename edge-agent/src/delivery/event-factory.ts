import {
  type AddressOf,
  type DeviceToHubKind,
  encodeMessage,
  type MessageInput,
  messages,
  PROTOCOL_VERSION,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import type { Outbox } from "./outbox.js";
import type { SequenceCounter } from "./sequence-counter.js";

/** Every device-to-hub kind that is an event; availability is a status without id or seq (see mqtt-publisher). */
export type EventKind = Exclude<DeviceToHubKind, "availability">;
/** What the caller fills in; the factory stamps the envelope. */
export type EventFields<K extends EventKind> = Omit<MessageInput<K>, "v" | "id" | "seq" | "ts">;

export interface EmittedEvent {
  id: string;
  seq: number;
  topic: string;
  outboxId: number;
}

/**
 * Turns analytics output into protocol events: stamps v, a UUIDv7 id, the persistent per-device seq and ts,
 * validates and encodes with shared-protocol, and appends to the outbox. Nothing is published directly,
 * so every event takes the same durable, ordered path whether or not the broker is reachable.
 *
 * Retained kinds (seatSnapshot, cameraStatus) are queued too, not coalesced: they carry a seq, so skipping
 * one would look like a loss to the hub, and since replay is in order the broker's retained copy ends up
 * being the newest. QoS 0 kinds (health) are queued as well and leave the outbox once written to the socket.
 */
export class EventFactory {
  constructor(
    private readonly outbox: Outbox,
    private readonly sequence: SequenceCounter,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws ProtocolEncodeError on an invalid message, before a seq number is spent on it. `id` is for a
   * producer that minted the event's UUIDv7 itself, because another event names this one.
   */
  emit<K extends EventKind>(
    kind: K,
    address: AddressOf<K>,
    fields: EventFields<K>,
    id?: string,
  ): EmittedEvent {
    const def = messages[kind];
    const topic = topicFor(kind, address);
    const ts = this.now();
    const eventId = id ?? uuidv7(ts);
    // Encode with the next number before taking it, so a producer bug does not leave a gap in the sequence.
    const seq = this.sequence.current + 1;
    const payload = encodeMessage(kind, {
      ...fields,
      v: PROTOCOL_VERSION,
      id: eventId,
      seq,
      ts,
    } as MessageInput<K>);
    this.sequence.next();
    const outboxId = this.outbox.append(
      { topic, payload: Buffer.from(payload, "utf8"), retain: def.retained, qos: def.qos },
      ts,
    );
    return { id: eventId, seq, topic, outboxId };
  }
}
