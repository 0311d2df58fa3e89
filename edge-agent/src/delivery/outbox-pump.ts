import type { SeqRange } from "@sitewatch/shared-protocol";
import type { MqttClient } from "mqtt";
import { ConfirmationLedger, type LedgerOptions } from "./confirmation-ledger.js";
import type { Outbox } from "./outbox.js";

export interface PumpStats {
  /** Records acknowledged by the broker since start. */
  delivered: number;
  inFlight: number;
  /** Records the broker acknowledged that the hub has not confirmed yet. */
  unconfirmed: number;
  /** Times unsettled records were sent again on a live connection because confirmations stayed away. */
  resends: number;
}

/**
 * Moves outbox records onto one MQTT connection at a time, oldest first, with at most `window` of them
 * waiting for their PUBACK. A PUBACK only frees a slot: the outbox cursor moves when the hub confirms
 * (ConfirmationLedger), so a new connection, or a resend when confirmations stay away, starts again
 * from the cursor and skips whatever the hub has settled meanwhile.
 */
export class OutboxPump {
  private client: MqttClient | undefined;
  private generation = 0;
  private sentUpTo = 0;
  private inFlight: { id: number; done: boolean }[] = [];
  private delivered = 0;
  private resends = 0;
  private readonly ledger: ConfirmationLedger;

  constructor(
    private readonly outbox: Outbox,
    private readonly window: number,
    ledger: LedgerOptions = {},
  ) {
    this.ledger = new ConfirmationLedger(outbox, ledger);
  }

  /** A connection is up (its subscriptions sent): send from the hub's cursor. */
  attach(client: MqttClient): void {
    this.client = client;
    this.generation += 1;
    this.inFlight = [];
    // Not from the broker's position: what the old connection's broker acknowledged may be lost.
    this.sentUpTo = this.outbox.ackedId;
    this.pump();
  }

  /** The connection is gone (or stopping): what was in flight stays in the outbox for the next one. */
  detach(): void {
    this.client = undefined;
    this.generation += 1;
    this.inFlight = [];
  }

  /** The hub's `settled` ranges arrived. */
  confirm(ranges: readonly SeqRange[]): void {
    if (this.ledger.confirm(ranges)) this.pump();
  }

  /** Called every second or so: sends unsettled records again once their confirmation is overdue. */
  resendIfDue(): void {
    if (!this.client?.connected || !this.ledger.resendDue()) return;
    this.resends += 1;
    this.sentUpTo = this.outbox.ackedId;
    this.pump();
  }

  stats(): PumpStats {
    return {
      delivered: this.delivered,
      inFlight: this.inFlight.length,
      unconfirmed: this.ledger.unconfirmed,
      resends: this.resends,
    };
  }

  /** Fills the window from the outbox, skipping what the hub has settled. */
  pump(): void {
    const client = this.client;
    if (!client?.connected) return;
    const generation = this.generation;
    while (this.inFlight.length < this.window) {
      const records = this.outbox.peek(this.window - this.inFlight.length, this.sentUpTo);
      if (records.length === 0) return;
      for (const record of records) {
        if (!this.ledger.hasRoomFor(record)) return;
        this.sentUpTo = record.id;
        if (!this.ledger.admit(record)) continue;
        const entry = { id: record.id, done: false };
        this.inFlight.push(entry);
        client.publish(
          record.topic,
          Buffer.from(record.payload),
          { qos: record.qos, retain: record.retain },
          (err) => {
            if (err || generation !== this.generation) return;
            entry.done = true;
            this.settle();
          },
        );
      }
    }
  }

  /** Frees the window's completed prefix; a QoS 0 record written is settled with it. */
  private settle(): void {
    let freed = false;
    while (this.inFlight[0]?.done) {
      this.ledger.written((this.inFlight.shift() as { id: number }).id);
      this.delivered += 1;
      freed = true;
    }
    if (!freed) return;
    this.ledger.advance();
    this.pump();
  }
}
