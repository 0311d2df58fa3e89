import { type SeqRange, SeqRanges } from "@sitewatch/shared-protocol";
import type { Outbox } from "./outbox.js";
import type { OutboxRecord } from "./record-codec.js";

export interface LedgerOptions {
  /** First wait for a confirmation before the unconfirmed records are sent again; default 10 s. */
  resendAfterMs?: number;
  /** The wait doubles while nothing is confirmed, up to this; default 5 min. */
  resendMaxMs?: number;
  /** Records sent but not settled at most; past it no new record is sent. Default 20 000. */
  maxTracked?: number;
  now?: () => number;
}

const SENT = 0; // published, no PUBACK yet
const WAITING = 1; // the broker has it (PUBACK); the hub has not confirmed it
const SETTLED = 2; // confirmed by the hub, or a QoS 0 record written to the socket
/** Confirmed numbers kept ahead of the cursor at most; one that does not fit is simply sent again. */
const MAX_CONFIRMED_RANGES = 1_024;

const FAST_SEQ = /^\{"v":\d+,"id":"[^"\\]*","seq":(\d+)[,}]/;

/** The `seq` of an encoded event: read from its head (the envelope comes first), else parsed whole. */
export function sequenceOf(payload: Uint8Array): number | undefined {
  const head = Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, 160)).toString();
  const fast = FAST_SEQ.exec(head);
  if (fast) return Number(fast[1]);
  try {
    const seq = (JSON.parse(Buffer.from(payload).toString("utf8")) as { seq?: unknown }).seq;
    return typeof seq === "number" && Number.isSafeInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which outbox records the hub has settled, so the outbox's cursor (`ack`) moves only past those. The
 * broker's PUBACK frees a slot in the publisher's window but no more: a broker can lose what it
 * acknowledged. The hub names events by `seq` (the `settled` message), so the ledger maps the seq of
 * every record it saw sent to its outbox id; confirmations for records not seen yet are kept (bounded)
 * until they are. QoS 0 records are settled once written, since nobody confirms them.
 *
 * When the oldest unsettled record has waited `resendAfterMs` past its PUBACK, `resendDue` says so: the
 * publisher then sends again from the cursor, skipping what is settled, and the wait doubles up to
 * `resendMaxMs` while nothing is confirmed (a hub that is down is not flooded); progress resets it.
 */
export class ConfirmationLedger {
  private ids: number[] = [];
  private seqs: number[] = [];
  private states: number[] = [];
  private since: number[] = [];
  private head = 0;
  private readonly confirmed = new SeqRanges();
  private readonly baseWaitMs: number;
  private readonly maxWaitMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;
  private waitMs: number;
  private lastResend = 0;
  /** The highest seq the cursor has passed. */
  private cursorSeq = -1;

  constructor(
    private readonly outbox: Pick<Outbox, "ack" | "ackedId">,
    options: LedgerOptions = {},
  ) {
    this.baseWaitMs = options.resendAfterMs ?? 10_000;
    this.maxWaitMs = Math.max(this.baseWaitMs, options.resendMaxMs ?? 300_000);
    this.maxTracked = options.maxTracked ?? 20_000;
    this.now = options.now ?? Date.now;
    this.waitMs = this.baseWaitMs;
  }

  /** Records sent and not settled yet. */
  get tracked(): number {
    return this.ids.length - this.head;
  }

  /** Records the broker acknowledged that the hub has not confirmed. */
  get unconfirmed(): number {
    let n = 0;
    for (let i = this.head; i < this.ids.length; i++) {
      if (this.states[i] === WAITING && !this.confirmed.has(this.seqs[i] as number)) n += 1;
    }
    return n;
  }

  /** False when `record` would be a new record past the `maxTracked` bound: send nothing newer for now. */
  hasRoomFor(record: OutboxRecord): boolean {
    return this.tracked < this.maxTracked || this.indexOf(record.id) >= 0;
  }

  /** The publisher is about to send `record`; false when it is settled and must be skipped. */
  admit(record: OutboxRecord): boolean {
    const at = this.indexOf(record.id);
    if (at >= 0) return this.states[at] !== SETTLED && !this.confirmed.has(this.seqs[at] as number);
    if (record.id <= this.outbox.ackedId) return false;
    const seq = record.qos === 1 ? (sequenceOf(record.payload) ?? -1) : -1;
    const settled = seq >= 0 && this.confirmed.has(seq);
    // Records come in id order; the search only guards the ledger's order should that ever change.
    const last = this.ids.at(-1);
    const slot = last === undefined || record.id > last ? this.ids.length : this.insertionPoint(record.id);
    this.ids.splice(slot, 0, record.id);
    this.seqs.splice(slot, 0, seq);
    this.states.splice(slot, 0, settled ? SETTLED : SENT);
    this.since.splice(slot, 0, 0);
    if (settled) this.advance();
    return !settled;
  }

  /** The broker acknowledged `id` (QoS 1) or the socket took it (QoS 0). */
  written(id: number): void {
    const at = this.indexOf(id);
    if (at < 0 || this.states[at] === SETTLED) return;
    // No seq to be confirmed by (QoS 0, or a payload without one): the write is all there will be.
    if ((this.seqs[at] as number) < 0) this.states[at] = SETTLED;
    else if (this.states[at] === SENT) {
      this.states[at] = WAITING;
      this.since[at] = this.now();
    }
  }

  /** The hub settled these numbers; true when the cursor moved. */
  confirm(ranges: readonly SeqRange[]): boolean {
    const floor = this.floorSeq();
    for (const [from, to] of ranges) {
      if (to <= floor) continue;
      this.confirmed.add(Math.max(from, floor + 1), to, MAX_CONFIRMED_RANGES);
    }
    return this.advance();
  }

  /** Acks the outbox past every leading settled record; true when the cursor moved. */
  advance(): boolean {
    const acked = this.outbox.ackedId;
    while (this.head < this.ids.length && (this.ids[this.head] as number) <= acked) this.head += 1;
    let upTo = 0;
    while (this.head < this.ids.length) {
      const state = this.states[this.head];
      if (state !== SETTLED && !this.confirmed.has(this.seqs[this.head] as number)) break;
      upTo = this.ids[this.head] as number;
      this.cursorSeq = Math.max(this.cursorSeq, this.seqs[this.head] as number);
      this.head += 1;
    }
    this.compact();
    this.confirmed.deleteUpTo(this.floorSeq());
    if (upTo === 0) return false;
    this.outbox.ack(upTo);
    this.waitMs = this.baseWaitMs;
    return true;
  }

  /**
   * True when the oldest unsettled record waited too long after its PUBACK; the caller resends from the
   * cursor. Each true doubles the next wait until `advance` makes progress.
   */
  resendDue(): boolean {
    if (this.head >= this.ids.length || this.states[this.head] !== WAITING) return false;
    const now = this.now();
    if (now - Math.max(this.since[this.head] as number, this.lastResend) < this.waitMs) return false;
    this.lastResend = now;
    this.waitMs = Math.min(this.waitMs * 2, this.maxWaitMs);
    return true;
  }

  /** Every seq at or below this is behind the cursor: just before the oldest tracked one, or the last passed. */
  private floorSeq(): number {
    for (let i = this.head; i < this.ids.length; i++) {
      const seq = this.seqs[i] as number;
      if (seq >= 0) return Math.max(seq - 1, this.cursorSeq);
    }
    return this.cursorSeq;
  }

  private insertionPoint(id: number): number {
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as number) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(id: number): number {
    let lo = this.head;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid] as number;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  // Drops the settled prefix now and then rather than shifting four arrays per record.
  private compact(): void {
    if (this.head < 1_024 || this.head * 2 < this.ids.length) return;
    this.ids = this.ids.slice(this.head);
    this.seqs = this.seqs.slice(this.head);
    this.states = this.states.slice(this.head);
    this.since = this.since.slice(this.head);
    this.head = 0;
  }
}
