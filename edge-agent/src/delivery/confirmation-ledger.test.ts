import { encodeMessage, type MessageInput } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { ConfirmationLedger, sequenceOf } from "./confirmation-ledger.js";
import type { OutboxRecord } from "./record-codec.js";

const ID = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c60";

/** Outbox record `id` carrying a seat change with `seq` (QoS 1), or a heartbeat (QoS 0). */
function record(id: number, seq: number, qos: 0 | 1 = 1): OutboxRecord {
  const fields: MessageInput<"seatChange"> = {
    v: 1,
    id: ID,
    seq,
    ts: 1,
    seat: "1A",
    from: "empty",
    to: "occupied",
    at: 1,
    confidence: 0.9,
    evidence: { persons: 1, objects: [] },
  };
  const payload = Buffer.from(encodeMessage("seatChange", fields));
  return { id, enqueuedAt: 1, topic: "t", retain: false, qos, payload };
}

function setup(options: { maxTracked?: number } = {}) {
  let now = 0;
  const outbox = {
    ackedId: 0,
    acks: [] as number[],
    ack(upTo: number) {
      this.ackedId = Math.max(this.ackedId, upTo);
      this.acks.push(upTo);
    },
  };
  const ledger = new ConfirmationLedger(outbox, {
    resendAfterMs: 10_000,
    resendMaxMs: 300_000,
    now: () => now,
    ...options,
  });
  /** Sends records `from`…`to` (id i carries seq 100 + i) and has the broker acknowledge them. */
  const sendAndPuback = (from: number, to: number) => {
    for (let id = from; id <= to; id++) expect(ledger.admit(record(id, 100 + id))).toBe(true);
    for (let id = from; id <= to; id++) ledger.written(id);
    ledger.advance();
  };
  return { ledger, outbox, sendAndPuback, tick: (ms: number) => (now += ms) };
}

describe("ConfirmationLedger", () => {
  it("moves the outbox cursor on the hub's confirmations only, never past a gap", () => {
    const { ledger, outbox, sendAndPuback } = setup();
    sendAndPuback(1, 5);
    expect(outbox.acks).toEqual([]); // PUBACKs alone
    expect(ledger.unconfirmed).toBe(5);
    expect(ledger.confirm([[101, 102]])).toBe(true);
    expect(outbox.ackedId).toBe(2);
    // 103 was lost by the broker: 104 and 105 are confirmed, the cursor waits at 2.
    expect(ledger.confirm([[104, 105]])).toBe(false);
    expect(outbox.ackedId).toBe(2);
    expect(ledger.unconfirmed).toBe(1);
    ledger.confirm([[103, 103]]);
    expect(outbox.ackedId).toBe(5);
    expect(ledger.unconfirmed).toBe(0);
  });

  it("settles a QoS 0 record once written, and a confirmation that beats the PUBACK", () => {
    const { ledger, outbox } = setup();
    ledger.admit(record(1, 101));
    ledger.admit(record(2, 102, 0));
    ledger.confirm([[101, 101]]);
    expect(outbox.ackedId).toBe(1);
    ledger.written(2);
    ledger.advance();
    expect(outbox.ackedId).toBe(2);
  });

  it("resends from the cursor only what is unsettled", () => {
    const { ledger, sendAndPuback } = setup();
    sendAndPuback(1, 6);
    ledger.confirm([
      [101, 102],
      [104, 106],
    ]);
    // A new connection walks the outbox again from the cursor (id 3).
    const again = [3, 4, 5, 6].filter((id) => ledger.admit(record(id, 100 + id)));
    expect(again).toEqual([3]);
  });

  it("keeps confirmations for records it has not seen sent (after a restart) and ignores old ones", () => {
    const { ledger, outbox } = setup();
    outbox.ackedId = 10; // the previous process got this far
    ledger.confirm([
      [100, 112],
      [115, 115],
    ]);
    expect(ledger.admit(record(9, 109))).toBe(false); // behind the cursor
    expect(ledger.admit(record(11, 111))).toBe(false);
    expect(ledger.admit(record(12, 112))).toBe(false);
    expect(outbox.ackedId).toBe(12);
    expect(ledger.admit(record(13, 113))).toBe(true);
    expect(ledger.admit(record(14, 114))).toBe(true);
    expect(ledger.admit(record(15, 115))).toBe(false);
    ledger.confirm([[100, 114]]);
    expect(outbox.ackedId).toBe(15);
  });

  it("asks for a resend 10 s after the PUBACK, doubling to 5 min while nothing is confirmed", () => {
    const { ledger, sendAndPuback, tick } = setup();
    expect(ledger.resendDue()).toBe(false); // nothing sent
    sendAndPuback(1, 3);
    tick(9_999);
    expect(ledger.resendDue()).toBe(false);
    tick(1);
    expect(ledger.resendDue()).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      let waited = 0;
      while (!ledger.resendDue()) {
        tick(1_000);
        waited += 1_000;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    // Progress resets the wait; the next record is due 10 s after its own PUBACK.
    ledger.confirm([[101, 101]]);
    tick(1);
    sendAndPuback(4, 4);
    expect(ledger.resendDue()).toBe(false);
    tick(10_000);
    expect(ledger.resendDue()).toBe(true);
  });

  it("does not ask for a resend while the oldest record still waits for its PUBACK", () => {
    const { ledger, tick } = setup();
    ledger.admit(record(1, 101));
    tick(60_000);
    expect(ledger.resendDue()).toBe(false);
  });

  it("bounds the records sent but unsettled; those it tracks may still be sent again", () => {
    const { ledger, sendAndPuback } = setup({ maxTracked: 3 });
    sendAndPuback(1, 3);
    expect(ledger.hasRoomFor(record(4, 104))).toBe(false);
    expect(ledger.hasRoomFor(record(2, 102))).toBe(true);
    ledger.confirm([[101, 101]]);
    expect(ledger.hasRoomFor(record(4, 104))).toBe(true);
  });

  it("follows the outbox past records it evicted at its bounds", () => {
    const { ledger, outbox, sendAndPuback } = setup();
    sendAndPuback(1, 4);
    outbox.ackedId = 2; // evicted while waiting
    ledger.confirm([[103, 103]]);
    expect(outbox.ackedId).toBe(3);
    expect(ledger.unconfirmed).toBe(1);
  });
});

describe("sequenceOf", () => {
  it("reads seq from the envelope at the head, or from the whole payload", () => {
    expect(sequenceOf(record(1, 4711).payload)).toBe(4711);
    expect(sequenceOf(Buffer.from('{"camera":"c","seq":12,"v":1}'))).toBe(12);
    expect(sequenceOf(Buffer.from('{"v":1,"id":"x","note":"\\"seq\\":5"}'))).toBeUndefined();
    expect(sequenceOf(Buffer.from("not json"))).toBeUndefined();
  });
});
